using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace DreamBot.Tests.Fakes.Discord;

/// <summary>
/// What every fake Discord route does before its handler, in Discord's order: record the request, answer an injected
/// fault, check the bot token, apply the route's rate limit, then validate the body against the OpenAPI schema.
/// </summary>
internal sealed class FakeDiscordPipeline(FakeDiscord discord)
{
    public const int DocumentedMaxContentLength = 2000;

    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        if (context.GetEndpoint()?.Metadata.GetMetadata<FakeRoute>() is not { } route)
        {
            await next(context);
            return;
        }

        var (recorded, jsonError) = await RecordAsync(context, route);
        context.Items[typeof(RecordedRequest)] = recorded;
        discord.Record(recorded);
        if (jsonError is not null)
        {
            discord.RecordValidationFailure(new ValidationFailure(route.Key, [jsonError], Encoding.UTF8.GetString(recorded.Body)));
            await WriteErrorAsync(context, 400, 50109, "The request body contains invalid JSON.");
            return;
        }

        var fault = discord.TakeFault(route.Key);
        if (fault is StallFault stall)
        {
            try
            {
                await Task.Delay(stall.Duration, context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            fault = null;
        }

        if (fault is not null)
        {
            await AnswerFaultAsync(context, fault);
            return;
        }

        if (discord.UploadLatency > TimeSpan.Zero && recorded.Files.Any())
            await Task.Delay(discord.UploadLatency, context.RequestAborted);

        if (route.BotAuthenticated && recorded.Header("Authorization") != "Bot " + FakeDiscord.BotToken)
        {
            await WriteErrorAsync(context, 401, 0, "401: Unauthorized");
            return;
        }

        var major = string.Join("/", route.MajorParameters.Select(p => context.Request.RouteValues[p]?.ToString()));
        var decision = discord.RateLimits.Take(route.Key, major, DateTimeOffset.UtcNow);
        var headers = context.Response.Headers;
        headers["X-RateLimit-Limit"] = decision.Limit.ToString(CultureInfo.InvariantCulture);
        headers["X-RateLimit-Remaining"] = decision.Remaining.ToString(CultureInfo.InvariantCulture);
        // Rounded up to the millisecond, so a client waiting exactly this long never arrives before the reset.
        var resetAfterSeconds = Math.Ceiling(decision.ResetAfter.TotalMilliseconds) / 1000;
        headers["X-RateLimit-Reset-After"] = resetAfterSeconds.ToString("F3", CultureInfo.InvariantCulture);
        headers["X-RateLimit-Reset"] = (DateTimeOffset.UtcNow + decision.ResetAfter).ToUnixTimeMilliseconds()
            .ToString(CultureInfo.InvariantCulture).Insert(10, ".");
        headers["X-RateLimit-Bucket"] = decision.Bucket;
        if (!decision.Allowed)
        {
            await AnswerFaultAsync(context, new RateLimitedFault(decision.ResetAfter, Global: false));
            return;
        }

        if (discord.ValidatesBodies && recorded.Json is { } json && Validate(route, json) is { Count: > 0 } errors)
        {
            discord.RecordValidationFailure(new ValidationFailure(route.Key, errors, json.ToJsonString()));
            var details = new JsonObject
            {
                ["_errors"] = new JsonArray([.. errors.Select(e => new JsonObject { ["code"] = "SCHEMA_INVALID", ["message"] = e })]),
            };
            await WriteErrorAsync(context, 400, 50035, "Invalid Form Body", details);
            return;
        }

        await next(context);
    }

    public static Task WriteErrorAsync(HttpContext context, int status, int code, string message, JsonNode? errors = null)
    {
        var body = new JsonObject { ["message"] = message, ["code"] = code };
        if (errors is not null)
            body["errors"] = errors;
        return WriteJsonAsync(context, status, body);
    }

    public static async Task WriteJsonAsync(HttpContext context, int status, JsonNode body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(body.ToJsonString(), context.RequestAborted);
    }

    private static List<string> Validate(FakeRoute route, JsonNode json)
    {
        using var document = JsonDocument.Parse(json.ToJsonString());
        var errors = DiscordOpenApiValidator.Instance.Validate(route.Method, route.Template, document.RootElement).ToList();

        // The OpenAPI document allows 4000 characters on some routes; Discord documents 2000 for bots.
        var content = (json as JsonObject)?["content"] ?? (json as JsonObject)?["data"]?["content"];
        if (content is JsonValue value && value.TryGetValue<string>(out var text) && text.Length > DocumentedMaxContentLength)
            errors.Add($"/content [maxLength] Must be {DocumentedMaxContentLength} or fewer in length (was {text.Length}).");
        return errors;
    }

    private static async Task AnswerFaultAsync(HttpContext context, FakeFault fault)
    {
        switch (fault)
        {
            case DropConnectionFault:
                context.Abort();
                return;
            case RateLimitedFault limited:
                var seconds = limited.RetryAfter.TotalSeconds;
                context.Response.Headers.RetryAfter = Math.Ceiling(seconds).ToString(CultureInfo.InvariantCulture);
                context.Response.Headers["X-RateLimit-Scope"] = limited.Global ? "global" : "user";
                if (limited.Global)
                    context.Response.Headers["X-RateLimit-Global"] = "true";
                await WriteJsonAsync(context, 429, new JsonObject
                {
                    ["message"] = "You are being rate limited.",
                    ["retry_after"] = Math.Ceiling(seconds * 1000) / 1000,
                    ["global"] = limited.Global,
                });
                return;
            case StatusFault status when status.Code is { } code:
                await WriteErrorAsync(context, status.Status, code, status.Message,
                    status.ErrorsJson is null ? null : JsonNode.Parse(status.ErrorsJson));
                return;
            case StatusFault status:
                // Discord's edge answers 5xx with an HTML page, not its JSON error shape.
                context.Response.StatusCode = status.Status;
                context.Response.ContentType = "text/html";
                await context.Response.WriteAsync($"<html><body>{status.Status} {status.Message}</body></html>", context.RequestAborted);
                return;
        }
    }

    private static async Task<(RecordedRequest Request, string? JsonError)> RecordAsync(HttpContext context, FakeRoute route)
    {
        var arrivedAt = DateTimeOffset.UtcNow;
        var request = context.Request;
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, context.RequestAborted);
        var body = buffer.ToArray();
        var parts = new List<RecordedPart>();
        JsonNode? json = null;

        var multipart = MediaTypeHeaderValue.TryParse(request.ContentType, out var type)
            && type.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase);
        if (multipart)
        {
            var reader = new MultipartReader(HeaderUtilities.RemoveQuotes(type!.Boundary).Value!, new MemoryStream(body));
            while (await reader.ReadNextSectionAsync(context.RequestAborted) is { } section)
            {
                if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition))
                    disposition = null;
                using var content = new MemoryStream();
                await section.Body.CopyToAsync(content, context.RequestAborted);
                var fileName = disposition?.FileName.HasValue == true ? HeaderUtilities.RemoveQuotes(disposition.FileName).Value : null;
                parts.Add(new RecordedPart(HeaderUtilities.RemoveQuotes(disposition?.Name ?? "").Value ?? "", fileName, section.ContentType, content.ToArray()));
            }
        }

        string? jsonError = null;
        var jsonBytes = multipart ? parts.FirstOrDefault(p => p.Name == "payload_json")?.Content : body;
        try
        {
            json = jsonBytes is { Length: > 0 } ? JsonNode.Parse(jsonBytes) : null;
        }
        catch (JsonException ex)
        {
            jsonError = "invalid JSON: " + ex.Message;
        }

        var headers = request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        var recorded = new RecordedRequest(request.Method, route.Key, request.Path.Value ?? "", request.QueryString.Value ?? "",
            headers, body, json, parts, arrivedAt);
        return (recorded, jsonError);
    }
}
