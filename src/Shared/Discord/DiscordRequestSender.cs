using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using DreamBot.Shared.Configuration;
using DreamBot.Shared.Discord.RateLimiting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DreamBot.Shared.Discord;

/// <summary>
/// Sends one Discord request through its rate-limit bucket: waits pre-emptively for an empty bucket or a global
/// pause, honours a 429 once, and retries 5xx and transport failures with backoff before surfacing a typed error.
/// </summary>
public sealed partial class DiscordRequestSender(
    HttpClient http,
    DiscordRateLimiter limiter,
    DiscordRetryPolicy retryPolicy,
    IOptions<DiscordOptions> options,
    TimeProvider time,
    ILogger<DiscordRequestSender> logger)
{
    private readonly AuthenticationHeaderValue _botAuthorization = new("Bot", options.Value.BotToken);

    /// <summary>Sends the request and returns the response body (empty for 204).</summary>
    /// <param name="path">Path relative to the API base, e.g. <c>channels/123/messages</c>.</param>
    /// <param name="majorParameter">The route's major parameter value (channel id, webhook id+token), or "".</param>
    /// <param name="content">Builds the body afresh for each attempt; null for none.</param>
    public async Task<byte[]> SendAsync(
        DiscordRoute route, string path, string majorParameter, Func<HttpContent?> content, CancellationToken cancellationToken)
    {
        var bucket = limiter.GetBucket(route, majorParameter);
        await bucket.Gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var transientRetries = 0;
            var rateLimitRetried = false;
            while (true)
            {
                var wait = limiter.DelayBeforeSending(bucket, route.BotAuthenticated);
                if (wait > TimeSpan.Zero)
                {
                    // Timers tick in whole milliseconds and may wake a fraction early; round up and check again.
                    LogWaiting(logger, route, wait.TotalSeconds);
                    await Task.Delay(TimeSpan.FromMilliseconds(Math.Ceiling(wait.TotalMilliseconds)), time, cancellationToken).ConfigureAwait(false);
                    continue;
                }

                HttpResponseMessage response;
                byte[] body;
                try
                {
                    (response, body) = await SendOnceAsync(route, path, content(), cancellationToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (IsTransient(ex, cancellationToken) && transientRetries < retryPolicy.MaxRetries)
                {
                    transientRetries++;
                    await BackOffAsync(route, ex.GetType().Name, transientRetries, cancellationToken).ConfigureAwait(false);
                    continue;
                }
                catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
                {
                    throw new TimeoutException($"Discord did not answer {route} within {retryPolicy.AttemptTimeout.TotalSeconds} s, {retryPolicy.MaxRetries + 1} times.", ex);
                }

                using (response)
                {
                    limiter.Learn(route, majorParameter, bucket, response.Headers);
                    if (response.IsSuccessStatusCode)
                        return body;

                    if (response.StatusCode == HttpStatusCode.TooManyRequests && !rateLimitRetried)
                    {
                        rateLimitRetried = true;
                        var retryAfter = OnRateLimited(route, bucket, response, body);
                        await Task.Delay(retryAfter, time, cancellationToken).ConfigureAwait(false);
                        continue;
                    }

                    if ((int)response.StatusCode >= 500 && transientRetries < retryPolicy.MaxRetries)
                    {
                        transientRetries++;
                        var status = ((int)response.StatusCode).ToString(CultureInfo.InvariantCulture);
                        await BackOffAsync(route, status, transientRetries, cancellationToken).ConfigureAwait(false);
                        continue;
                    }

                    throw DiscordErrors.ToException(route, response.StatusCode, body);
                }
            }
        }
        finally
        {
            bucket.Gate.Release();
        }
    }

    /// <summary>One attempt, bounded by the policy's attempt timeout, with the whole body read before it returns.</summary>
    private async Task<(HttpResponseMessage Response, byte[] Body)> SendOnceAsync(
        DiscordRoute route, string path, HttpContent? content, CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(retryPolicy.AttemptTimeout, time);
        using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        using var request = new HttpRequestMessage(new HttpMethod(route.Method), new Uri(path, UriKind.Relative)) { Content = content };
        if (route.BotAuthenticated)
            request.Headers.Authorization = _botAuthorization;

        var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, attempt.Token).ConfigureAwait(false);
        try
        {
            return (response, await response.Content.ReadAsByteArrayAsync(attempt.Token).ConfigureAwait(false));
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }

    private TimeSpan OnRateLimited(DiscordRoute route, RateLimitBucket bucket, HttpResponseMessage response, byte[] body)
    {
        var (retryAfter, global) = DiscordErrors.ReadRateLimit(response, body);
        if (global)
            limiter.PauseGlobal(retryAfter);
        else
            bucket.Exhaust(time.GetUtcNow() + retryAfter);
        LogRateLimited(logger, route, retryAfter.TotalSeconds, global);
        return retryAfter;
    }

    private async Task BackOffAsync(DiscordRoute route, string reason, int retry, CancellationToken cancellationToken)
    {
// Jitter only spreads retries; it needs no cryptographic randomness.
        var delay = retryPolicy.DelayBeforeRetry(retry, Random.Shared.NextDouble());
        LogRetrying(logger, route, reason, retry, retryPolicy.MaxRetries, delay.TotalSeconds);
        await Task.Delay(delay, time, cancellationToken).ConfigureAwait(false);
    }

    // A timed-out attempt shows as a cancellation the caller did not ask for.
    private static bool IsTransient(Exception ex, CancellationToken cancellationToken) =>
        ex is HttpRequestException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested);

    [LoggerMessage(LogLevel.Debug, "Waiting {DelaySeconds:F3} s for Discord rate limit on {Route}")]
    private static partial void LogWaiting(ILogger logger, DiscordRoute route, double delaySeconds);

    [LoggerMessage(LogLevel.Warning, "Discord rate-limited {Route} for {RetryAfterSeconds:F3} s (global: {Global})")]
    private static partial void LogRateLimited(ILogger logger, DiscordRoute route, double retryAfterSeconds, bool global);

    [LoggerMessage(LogLevel.Warning, "Discord request {Route} failed ({Reason}); retry {Retry}/{MaxRetries} in {DelaySeconds:F2} s")]
    private static partial void LogRetrying(ILogger logger, DiscordRoute route, string reason, int retry, int maxRetries, double delaySeconds);
}
