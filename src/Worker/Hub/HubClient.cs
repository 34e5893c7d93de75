using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using DreamBot.Worker.Downloads;

namespace DreamBot.Worker.Hub;

/// <summary>
/// The few Hugging Face Hub calls a model pull needs: resolve a revision to its commit, list a folder's files (paginated
/// through the Link header), and download one file. Redirects are followed here rather than by the handler so the token
/// goes only to the Hub itself, never to the CDN a resolve URL redirects to.
/// </summary>
public sealed class HubClient(HttpClient http, Uri endpoint, string? token, TimeSpan stallTimeout)
{
    private const int MaxRedirects = 5;

    public Uri Endpoint { get; } = endpoint;

    /// <summary>The commit a branch, tag or commit id points at, so every file comes from the same snapshot.</summary>
    public async Task<string> ResolveCommitAsync(string repo, string revision, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Get, Api($"api/models/{repo}/revision/{Uri.EscapeDataString(revision)}"), null, cancellationToken);
        await EnsureSuccessAsync(response, $"{repo}@{revision}", cancellationToken);
        using var info = await ReadJsonAsync(response, cancellationToken);
        return info.RootElement.TryGetProperty("sha", out var sha) && sha.ValueKind == JsonValueKind.String
            ? sha.GetString()!
            : throw new HubException($"the Hub's answer for {repo}@{revision} has no commit sha");
    }

    /// <summary>Every file under <paramref name="folder"/> (empty: the whole repository), paths relative to the repository root.</summary>
    public async Task<IReadOnlyList<HubFile>> ListFilesAsync(string repo, string commit, string folder, CancellationToken cancellationToken)
    {
        var files = new List<HubFile>();
        var page = Api($"api/models/{repo}/tree/{commit}/{EscapePath(folder)}".TrimEnd('/') + "?recursive=true&expand=false");
        while (page is not null)
        {
            using var response = await SendAsync(HttpMethod.Get, page, null, cancellationToken);
            await EnsureSuccessAsync(response, $"{repo}/{folder}", cancellationToken);
            using var entries = await ReadJsonAsync(response, cancellationToken);
            foreach (var entry in entries.RootElement.EnumerateArray())
            {
                if (entry.GetProperty("type").GetString() != "file")
                    continue;
                var sha256 = entry.TryGetProperty("lfs", out var lfs) && lfs.ValueKind == JsonValueKind.Object ? lfs.GetProperty("oid").GetString() : null;
                files.Add(new HubFile(entry.GetProperty("path").GetString()!, entry.GetProperty("size").GetInt64(), sha256, entry.GetProperty("oid").GetString()!));
            }
            page = NextPage(response, page);
        }
        return files;
    }

    /// <summary>
    /// Streams <paramref name="file"/> into <paramref name="destination"/>, asking only for the bytes after its current
    /// length and refusing more than the listing's size.
    /// </summary>
    public async Task DownloadAsync(string repo, string commit, HubFile file, FileStream destination, Action<long> progressBytes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(destination);
        ArgumentNullException.ThrowIfNull(progressBytes);
        var path = file.Path;
        var resumeFrom = destination.Length;
        using var response = await SendAsync(HttpMethod.Get, Api($"{repo}/resolve/{commit}/{EscapePath(path)}"), resumeFrom > 0 ? resumeFrom : null, cancellationToken);
        if (response.StatusCode == HttpStatusCode.RequestedRangeNotSatisfiable)
        {
            // The partial file is already as long as (or longer than) the file; start over rather than trust it.
            destination.SetLength(0);
            progressBytes(-resumeFrom);
            throw new IOException($"{path}: the server refused to resume; restarting");
        }
        await EnsureSuccessAsync(response, $"{repo}/{path}", cancellationToken);
        if (response.StatusCode != HttpStatusCode.PartialContent && resumeFrom > 0)
        {
            destination.SetLength(0);
            progressBytes(-resumeFrom);
        }
        destination.Seek(0, SeekOrigin.End);
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        try
        {
            await GuardedCopy.CopyAsync(body, destination, file.SizeBytes - destination.Length, stallTimeout, progressBytes, cancellationToken);
        }
        catch (DownloadTooLargeException e)
        {
            throw new HubException($"{path}: the server sent more than the {file.SizeBytes} bytes the Hub lists", e);
        }
        await destination.FlushAsync(cancellationToken);
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, Uri uri, long? rangeFrom, CancellationToken cancellationToken)
    {
        for (var redirects = 0; ; redirects++)
        {
            using var request = new HttpRequestMessage(method, uri);
            request.Headers.UserAgent.ParseAdd("DreamBot/1.0");
            if (rangeFrom is { } from)
                request.Headers.Range = new RangeHeaderValue(from, null);
            if (token is { Length: > 0 } && Origin.Same(uri, Endpoint))
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            HttpResponseMessage response;
            try
            {
                response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            }
            catch (HttpRequestException e)
            {
                throw new HubException($"cannot reach {uri.Host}: {e.Message}", e);
            }
            var status = (int)response.StatusCode;
            if (status is < 300 or >= 400 || response.Headers.Location is not { } location)
                return response;
            response.Dispose();
            if (redirects == MaxRedirects)
                throw new HubException($"too many redirects from {Endpoint.Host}");
            uri = location.IsAbsoluteUri ? location : new Uri(uri, location);
        }
    }

    private static async Task EnsureSuccessAsync(HttpResponseMessage response, string what, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode)
            return;
        var code = response.Headers.TryGetValues("X-Error-Code", out var codes) ? codes.FirstOrDefault() : null;
        var detail = response.Headers.TryGetValues("X-Error-Message", out var messages) ? messages.FirstOrDefault() : null;
        detail ??= (await response.Content.ReadAsStringAsync(cancellationToken)).Trim();
        if (detail.Length > 200)
            detail = detail[..200];
        throw new HubException(response.StatusCode switch
        {
            HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden =>
                $"{what}: access denied ({(int)response.StatusCode}{(code is null ? "" : " " + code)}); the repository may be gated or private: set HF_TOKEN and accept its terms on the Hub",
            HttpStatusCode.NotFound => $"{what}: not found on the Hub ({code ?? "404"}); check the repository id, --revision and --subfolder",
            _ => $"{what}: the Hub answered {(int)response.StatusCode} {detail}",
        });
    }

    private static async Task<JsonDocument> ReadJsonAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
            return await JsonDocument.ParseAsync(body, cancellationToken: cancellationToken);
        }
        catch (JsonException e)
        {
            throw new HubException($"the Hub sent invalid JSON from {response.RequestMessage?.RequestUri}: {e.Message}", e);
        }
    }

    // Link: <https://huggingface.co/api/models/x/tree/main?cursor=...>; rel="next"
    private static Uri? NextPage(HttpResponseMessage response, Uri current)
    {
        if (!response.Headers.TryGetValues("Link", out var links))
            return null;
        foreach (var link in links.SelectMany(l => l.Split(',')))
        {
            var parts = link.Split(';', StringSplitOptions.TrimEntries);
            if (parts.Length > 1 && parts[0].StartsWith('<') && parts[0].EndsWith('>')
                && parts.Skip(1).Any(p => p.Replace(" ", "", StringComparison.Ordinal) is "rel=\"next\"" or "rel=next"))
                return new Uri(current, parts[0][1..^1]);
        }
        return null;
    }

    private Uri Api(string relative) => new(Endpoint, relative);

    private static string EscapePath(string path) => string.Join('/', path.Split('/').Select(Uri.EscapeDataString));
}
