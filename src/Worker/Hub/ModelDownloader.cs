namespace DreamBot.Worker.Hub;

/// <summary>
/// Pulls the pipeline files of a Hub repository into a folder. Everything lands in <c>DIR.partial</c> first (each file as
/// <c>.incomplete</c> until it passes its checks) and the folder is renamed to DIR only when complete, so a worker never
/// sees half a model; an interrupted pull resumes where it stopped.
/// </summary>
public sealed class ModelDownloader(HubClient hub, TextWriter progressOutput, TimeProvider time)
{
    public const string PartialSuffix = ".partial";
    public const string IncompleteSuffix = ".incomplete";
    private const int Attempts = 4;

    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Returns the files written, relative to <paramref name="target"/>.</summary>
    public async Task<IReadOnlyList<HubFile>> PullAsync(string repo, string revision, string subfolder, string target, CancellationToken cancellationToken)
    {
        if (Directory.Exists(target))
            throw new IOException($"{target} already exists; delete it or pass another --to");
        var commit = await hub.ResolveCommitAsync(repo, revision, cancellationToken);
        var prefix = subfolder.Length == 0 ? "" : subfolder.Trim('/') + "/";
        var listed = await hub.ListFilesAsync(repo, commit, prefix.TrimEnd('/'), cancellationToken);
        var wanted = listed
            .Where(f => f.Path.StartsWith(prefix, StringComparison.Ordinal) && PipelineFiles.Wanted(f.Path[prefix.Length..]))
            .ToList();
        if (!wanted.Any(f => f.Path == prefix + PipelineFiles.ModelIndex))
            throw new HubException($"{repo}@{revision}/{prefix} has no {PipelineFiles.ModelIndex}: not a diffusers pipeline (try --subfolder or --revision)");

        var partial = target + PartialSuffix;
        // Every path is checked before the first byte is written, so a listing with one bad entry writes nothing.
        var locals = wanted.Select(f => LocalPath.Inside(partial, f.Path[prefix.Length..])).ToList();
        var progress = new DownloadProgress(progressOutput, wanted.Sum(f => f.SizeBytes), time);
        for (var i = 0; i < wanted.Count; i++)
            await FetchAsync(repo, commit, wanted[i], locals[i], progress, cancellationToken);
        progress.Finish();
        Directory.Move(partial, target);
        return [.. wanted.Select(f => f with { Path = f.Path[prefix.Length..] })];
    }

    private async Task FetchAsync(string repo, string commit, HubFile file, string local, DownloadProgress progress, CancellationToken cancellationToken)
    {
        progress.Starting(file.Path);
        if (File.Exists(local) && await FileChecks.MismatchAsync(local, file, cancellationToken) is null)
        {
            progress.Advance(file.SizeBytes);
            return;
        }
        Directory.CreateDirectory(Path.GetDirectoryName(local)!);
        var incomplete = local + IncompleteSuffix;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using (var stream = new FileStream(incomplete, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1 << 16, useAsync: true))
                {
                    progress.Advance(stream.Length);
                    await hub.DownloadAsync(repo, commit, file, stream, progress.Advance, cancellationToken);
                }
                break;
            }
            catch (Exception e) when (e is IOException or HttpRequestException or TimeoutException or HubException { InnerException: HttpRequestException } && attempt < Attempts)
            {
                // Progress restarts from what is on disk at the next attempt.
                progress.Advance(-new FileInfo(incomplete).Length);
                await Task.Delay(RetryDelay * attempt, time, cancellationToken);
            }
            catch (Exception e) when (e is IOException or HttpRequestException or TimeoutException)
            {
                throw new HubException($"{file.Path}: download failed after {Attempts} attempts ({e.Message}); run the pull again to resume", e);
            }
        }
        if (await FileChecks.MismatchAsync(incomplete, file, cancellationToken) is { } mismatch)
        {
            File.Delete(incomplete);
            throw new HubException($"{file.Path}: corrupt download, {mismatch}; deleted it, run the pull again");
        }
        File.Move(incomplete, local, overwrite: true);
    }
}
