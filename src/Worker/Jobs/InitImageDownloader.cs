using DreamBot.Worker.Imaging;

namespace DreamBot.Worker.Jobs;

/// <summary>Fetches an image-to-image attachment from Discord's CDN, refusing anything larger than the decoder accepts.</summary>
public sealed class InitImageDownloader(HttpClient http, ImageLimits limits)
{
    public async Task<byte[]> DownloadAsync(string url, CancellationToken cancellationToken)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http"))
            throw new InvalidImageException("The image link is not a valid URL.");

        using var response = await http.GetAsync(uri, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        if (!response.IsSuccessStatusCode)
            throw new InvalidImageException($"The image could not be downloaded (HTTP {(int)response.StatusCode}); it may have expired — attach it again.");
        if (response.Content.Headers.ContentLength > limits.MaxBytes)
            throw new InvalidImageException(TooLarge());

        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken)) > 0)
        {
            // The declared length may be missing or wrong: count what actually arrives.
            if (buffer.Length + read > limits.MaxBytes)
                throw new InvalidImageException(TooLarge());
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    private string TooLarge() => $"The image is larger than {limits.MaxBytes / (1024 * 1024)} MB.";
}
