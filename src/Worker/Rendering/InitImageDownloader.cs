using System.Net;
using DreamBot.Worker.Downloads;
using DreamBot.Worker.Imaging;
using Microsoft.Extensions.Options;

namespace DreamBot.Worker.Rendering;

/// <summary>
/// Fetches an image-to-image attachment. The URL comes from a user's interaction, so it is fetched only from the allowed
/// origins (Discord's attachment hosts), a redirect only within the same origin, and nothing larger than the decoder
/// accepts or slower than the stall timeout.
/// </summary>
public sealed class InitImageDownloader(HttpClient http, ImageLimits limits, IOptions<InitImageOptions> options)
{
    private const int MaxRedirects = 3;

    private readonly IReadOnlyList<Uri> _origins = options.Value.Origins();
    private readonly TimeSpan _stallTimeout = options.Value.StallTimeout;

    public async Task<byte[]> DownloadAsync(string url, CancellationToken cancellationToken)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http"))
            throw new InvalidImageException("The image link is not a valid URL.");
        if (!_origins.Any(o => Origin.Same(o, uri)))
            throw new InvalidImageException("The image must be a Discord attachment.");

        using var response = await GetAsync(uri, cancellationToken);
        if (!response.IsSuccessStatusCode)
            throw new InvalidImageException($"The image could not be downloaded (HTTP {(int)response.StatusCode}); it may have expired — attach it again.");
        if (response.Content.Headers.ContentLength > limits.MaxBytes)
            throw new InvalidImageException(TooLarge());

        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        using var buffer = new MemoryStream();
        try
        {
            await GuardedCopy.CopyAsync(stream, buffer, limits.MaxBytes, _stallTimeout, null, cancellationToken);
        }
        catch (DownloadTooLargeException)
        {
            throw new InvalidImageException(TooLarge());
        }
        catch (TimeoutException)
        {
            throw new InvalidImageException("The image download stalled; attach it again.");
        }
        return buffer.ToArray();
    }

    private async Task<HttpResponseMessage> GetAsync(Uri uri, CancellationToken cancellationToken)
    {
        for (var redirects = 0; ; redirects++)
        {
            var response = await http.GetAsync(uri, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            if (response.StatusCode is not (HttpStatusCode.Moved or HttpStatusCode.Found or HttpStatusCode.SeeOther
                    or HttpStatusCode.TemporaryRedirect or HttpStatusCode.PermanentRedirect) || response.Headers.Location is not { } location)
                return response;
            response.Dispose();
            var next = location.IsAbsoluteUri ? location : new Uri(uri, location);
            if (!Origin.Same(next, uri) || redirects == MaxRedirects)
                throw new InvalidImageException("The image link redirects away from Discord; attach the image itself.");
            uri = next;
        }
    }

    private string TooLarge() => $"The image is larger than {limits.MaxBytes / (1024 * 1024)} MB.";
}
