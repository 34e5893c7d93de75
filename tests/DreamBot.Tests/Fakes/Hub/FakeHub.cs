using System.Globalization;
using System.Text.Json;
using DreamBot.Tests.Infrastructure;

namespace DreamBot.Tests.Fakes.Hub;

/// <summary>
/// A Hugging Face Hub on two Kestrel hosts (127.0.0.1, free ports): the Hub answers the revision, tree (paginated through
/// Link) and resolve routes for one repository, and redirects LFS files to the second host, the "CDN", which honours
/// Range. Faults: drop a file's connection halfway the first time, stall halfway the first time, serve wrong bytes or more
/// bytes than listed for a file, or demand a token.
/// </summary>
public sealed class FakeHub : IAsyncDisposable
{
    public const string Commit = "0123456789abcdef0123456789abcdef01234567";

    private readonly List<HubRequest> _requests = [];
    private readonly Lock _lock = new();
    private readonly Dictionary<string, FakeHubFile> _files;
    private readonly HashSet<string> _dropOnce = [];
    private readonly HashSet<string> _corrupt = [];
    private readonly HashSet<string> _stallOnce = [];
    private readonly HashSet<string> _oversize = [];
    private WebApplication? _hub;
    private WebApplication? _cdn;

    private FakeHub(string repo, IEnumerable<FakeHubFile> files)
    {
        Repo = repo;
        _files = files.ToDictionary(f => f.Path, StringComparer.Ordinal);
    }

    public string Repo { get; }

    public string HubUrl { get; private set; } = "";

    public string CdnUrl { get; private set; } = "";

    public int TreePageSize { get; set; } = 4;

    /// <summary>When set, every Hub route answers 401 GatedRepo unless this bearer token comes with the request.</summary>
    public string? RequiredToken { get; set; }

    public IReadOnlyList<HubRequest> Requests
    {
        get { lock (_lock) return [.. _requests]; }
    }

    public IReadOnlyCollection<FakeHubFile> Files => _files.Values;

    /// <summary>Every file under <paramref name="directory"/>, at <paramref name="prefix"/> in the repository; *.onnx files are LFS.</summary>
    public static IEnumerable<FakeHubFile> FilesOf(string directory, string prefix = "") =>
        Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories).Select(file =>
        {
            var path = prefix + Path.GetRelativePath(directory, file).Replace(Path.DirectorySeparatorChar, '/');
            return new FakeHubFile(path, File.ReadAllBytes(file), path.EndsWith(".onnx", StringComparison.Ordinal) || path.EndsWith(".onnx_data", StringComparison.Ordinal));
        });

    public static async Task<FakeHub> StartAsync(string repo, IEnumerable<FakeHubFile> files)
    {
        var hub = new FakeHub(repo, files);
        (hub._hub, hub.HubUrl) = await LoopbackServer.StartAsync(hub.ServeHubAsync, "FakeHub");
        (hub._cdn, hub.CdnUrl) = await LoopbackServer.StartAsync(hub.ServeCdnAsync, "FakeHub");
        return hub;
    }

    public void DropConnectionOnce(string path)
    {
        lock (_lock)
            _dropOnce.Add(path);
    }

    /// <summary>The first fetch sends half the file, goes silent for <see cref="StallDuration"/>, then sends the rest.</summary>
    public void StallOnce(string path)
    {
        lock (_lock)
            _stallOnce.Add(path);
    }

    public TimeSpan StallDuration { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>The file is served with extra bytes after the content the listing describes.</summary>
    public void Oversize(string path)
    {
        lock (_lock)
            _oversize.Add(path);
    }

    public void Corrupt(string path)
    {
        lock (_lock)
            _corrupt.Add(path);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var app in new[] { _hub, _cdn })
        {
            if (app is not null)
                await app.DisposeAsync();
        }
    }

    private async Task ServeHubAsync(HttpContext context)
    {
        var path = Uri.UnescapeDataString(context.Request.Path.Value ?? "");
        Record(context, "hub", path);
        if (RequiredToken is not null && context.Request.Headers.Authorization != "Bearer " + RequiredToken)
        {
            await ErrorAsync(context, StatusCodes.Status401Unauthorized, "GatedRepo");
            return;
        }
        var api = "/api/models/" + Repo + "/";
        if (path.StartsWith(api + "revision/", StringComparison.Ordinal))
        {
            var revision = path[(api.Length + "revision/".Length)..];
            if (revision is "main" or Commit)
                await context.Response.WriteAsJsonAsync(new { id = Repo, sha = Commit });
            else
                await ErrorAsync(context, StatusCodes.Status404NotFound, "RevisionNotFound");
        }
        else if (path.StartsWith(api + "tree/" + Commit, StringComparison.Ordinal))
            await TreeAsync(context, path[(api.Length + "tree/".Length + Commit.Length)..].Trim('/'));
        else if (path.StartsWith("/" + Repo + "/resolve/" + Commit + "/", StringComparison.Ordinal)
                 && _files.TryGetValue(path[(Repo.Length + "/resolve/".Length + Commit.Length + 2)..], out var file))
        {
            context.Response.Headers["X-Repo-Commit"] = Commit;
            if (file.Lfs)
                context.Response.Redirect(CdnUrl + "/blobs/" + file.Sha256 + "?name=" + Uri.EscapeDataString(file.Path));
            else
                await ServeContentAsync(context, file);
        }
        else
            await ErrorAsync(context, StatusCodes.Status404NotFound, path.StartsWith("/api/", StringComparison.Ordinal) ? "RepoNotFound" : "EntryNotFound");
    }

    private async Task TreeAsync(HttpContext context, string folder)
    {
        if (context.Request.Query["recursive"] != "true")
        {
            await ErrorAsync(context, StatusCodes.Status400BadRequest, "NotRecursive");
            return;
        }
        var entries = _files.Values
            .Where(f => folder.Length == 0 || f.Path.StartsWith(folder + "/", StringComparison.Ordinal))
            .OrderBy(f => f.Path, StringComparer.Ordinal)
            .ToList();
        var start = int.Parse(context.Request.Query["cursor"].FirstOrDefault() ?? "0", CultureInfo.InvariantCulture);
        var page = entries.Skip(start).Take(TreePageSize).ToList();
        if (start + TreePageSize < entries.Count)
        {
            var next = context.Request.Path + "?recursive=true&expand=false&cursor=" + (start + TreePageSize).ToString(CultureInfo.InvariantCulture);
            context.Response.Headers.Link = $"<{HubUrl}{next}>; rel=\"next\"";
        }
        await context.Response.WriteAsJsonAsync(page.Select(f => f.Lfs
            ? (object)new { type = "file", oid = f.GitBlobId, size = f.Content.Length, path = f.Path, lfs = new { oid = f.Sha256, size = f.Content.Length, pointerSize = 134 } }
            : new { type = "file", oid = f.GitBlobId, size = f.Content.Length, path = f.Path }));
    }

    private async Task ServeCdnAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "";
        Record(context, "cdn", path);
        var file = _files.Values.FirstOrDefault(f => f.Lfs && path == "/blobs/" + f.Sha256);
        if (file is null)
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }
        await ServeContentAsync(context, file);
    }

    private async Task ServeContentAsync(HttpContext context, FakeHubFile file)
    {
        bool drop, corrupt, stall, oversize;
        lock (_lock)
        {
            drop = _dropOnce.Remove(file.Path);
            stall = _stallOnce.Remove(file.Path);
            corrupt = _corrupt.Contains(file.Path);
            oversize = _oversize.Contains(file.Path);
        }
        byte[] content = corrupt ? [.. file.Content.Select(b => (byte)~b)] : file.Content;
        if (oversize)
            content = [.. content, .. new byte[1 << 17]];
        var from = 0;
        if (context.Request.Headers.Range.FirstOrDefault() is { } range && range.StartsWith("bytes=", StringComparison.Ordinal) && range.EndsWith('-'))
        {
            from = int.Parse(range["bytes=".Length..^1], CultureInfo.InvariantCulture);
            if (from >= content.Length)
            {
                context.Response.StatusCode = StatusCodes.Status416RangeNotSatisfiable;
                return;
            }
            context.Response.StatusCode = StatusCodes.Status206PartialContent;
            context.Response.Headers.ContentRange = $"bytes {from}-{content.Length - 1}/{content.Length}";
        }
        context.Response.Headers.ETag = "\"" + (file.Lfs ? file.Sha256 : file.GitBlobId) + "\"";
        context.Response.ContentLength = content.Length - from;
        var body = content.AsMemory(from);
        if (drop)
        {
            await context.Response.Body.WriteAsync(body[..(body.Length / 2)]);
            await context.Response.Body.FlushAsync();
            // An abort resets the socket, and a reset can discard bytes the client has not read yet.
            await Task.Delay(TimeSpan.FromMilliseconds(300));
            context.Abort();
            return;
        }
        if (stall)
        {
            await context.Response.Body.WriteAsync(body[..(body.Length / 2)]);
            await context.Response.Body.FlushAsync();
            try
            {
                await Task.Delay(StallDuration, context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            body = body[(body.Length / 2)..];
        }
        await context.Response.Body.WriteAsync(body);
    }

    private void Record(HttpContext context, string host, string path)
    {
        lock (_lock)
            _requests.Add(new HubRequest(host, path, context.Request.Headers.Authorization.FirstOrDefault(), context.Request.Headers.Range.FirstOrDefault()));
    }

    private static async Task ErrorAsync(HttpContext context, int status, string code)
    {
        context.Response.StatusCode = status;
        context.Response.Headers["X-Error-Code"] = code;
        await context.Response.WriteAsync(JsonSerializer.Serialize(new { error = code }));
    }
}
