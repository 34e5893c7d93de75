using System.Collections.Concurrent;
using System.Text.Json;
using DreamBot.Tests.Infrastructure;
using Json.Schema;

namespace DreamBot.Tests.Fakes.Discord;

/// <summary>
/// Checks request bodies against the JSON schema Discord's own OpenAPI document gives for a route's requestBody.
/// The document is large, so it is parsed once per process and each route's schema is built once, on first use.
/// </summary>
public sealed class DiscordOpenApiValidator
{
    private static readonly Lazy<DiscordOpenApiValidator> Loaded = new(() => new DiscordOpenApiValidator(TestPaths.DiscordOpenApi));
    private static readonly Uri DocumentUri = new("https://discord.com/api/v10/openapi.json");

    private readonly JsonElement _document;
    private readonly BuildOptions _buildOptions;
    private readonly ConcurrentDictionary<string, Lazy<JsonSchema>> _schemas = new();
    private int _routeSchemaCount;

    private DiscordOpenApiValidator(string path)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException("Discord's OpenAPI document is missing (set DREAMBOT_SHARED_DIR?)", path);
        using var document = JsonDocument.Parse(File.ReadAllBytes(path));
        _document = document.RootElement.Clone();
        var registry = new SchemaRegistry();
        registry.Register(DocumentUri, new JsonElementBaseDocument(_document, DocumentUri));
        // Discord annotates schemas with x-discord-* extension keywords, which OpenAPI allows and validation ignores.
        var dialect = Dialect.Draft202012.With([], allowUnknownKeywords: true);
        _buildOptions = new BuildOptions { SchemaRegistry = registry, Dialect = dialect };
    }

    public static DiscordOpenApiValidator Instance => Loaded.Value;

    /// <summary>Validation errors (instance location and message) for a JSON body sent to the route; empty when valid.</summary>
    /// <param name="method">HTTP method, e.g. "POST".</param>
    /// <param name="openApiPath">The route as the document names it, e.g. "/channels/{channel_id}/messages".</param>
    public IReadOnlyList<string> Validate(string method, string openApiPath, JsonElement body)
    {
        var schema = _schemas.GetOrAdd(method + " " + openApiPath,
            key => new Lazy<JsonSchema>(() => BuildRouteSchema(method, openApiPath))).Value;
        var results = schema.Evaluate(body, new EvaluationOptions { OutputFormat = OutputFormat.List });
        if (results.IsValid)
            return [];
        var errors = new List<string>();
        foreach (var node in (results.Details ?? []).Prepend(results))
        {
            if (node.Errors is null)
                continue;
            foreach (var (keyword, message) in node.Errors)
                errors.Add($"{node.InstanceLocation} [{keyword}] {message}");
        }
        return errors.Count > 0 ? errors : ["body does not match the route's schema"];
    }

    private JsonSchema BuildRouteSchema(string method, string openApiPath)
    {
        if (!_document.GetProperty("paths").TryGetProperty(openApiPath, out var pathItem)
            || !pathItem.TryGetProperty(method.ToLowerInvariant(), out var operation)
            || !operation.TryGetProperty("requestBody", out var requestBody)
            || !requestBody.GetProperty("content").TryGetProperty("application/json", out var json))
        {
            throw new InvalidOperationException($"The OpenAPI document has no JSON request body for {method} {openApiPath}.");
        }

        // The route's schema refers to "#/components/..."; anchored to the registered document those refs resolve there.
        var text = json.GetProperty("schema").GetRawText()
            .Replace("\"#/components/", "\"" + DocumentUri + "#/components/", StringComparison.Ordinal);
        var id = Interlocked.Increment(ref _routeSchemaCount);
        return JsonSchema.FromText(text, _buildOptions, new Uri($"https://fake.discord.test/routes/{id}"));
    }
}
