using DreamBot.Worker.Diffusion.Loading;
using System.Text.Json;

namespace DreamBot.Worker.Diffusion.Tokenization;

/// <summary>
/// The special tokens a model's tokenizer folder names, resolved as transformers' <c>from_pretrained</c> resolves them:
/// tokenizer_config.json gives the values; special_tokens_map.json overrides them unless tokenizer_config.json is in the
/// newer form that lists <c>added_tokens_decoder</c> (transformers 4.34 and later then ignore the map). A token is a
/// string or an AddedToken object whose <c>content</c> is the token. Missing keys keep CLIPTokenizer's defaults.
/// Stable Diffusion 2.x ships <c>"pad_token": "!"</c> in its map, 1.x <c>&lt;|endoftext|&gt;</c>.
/// </summary>
public sealed record ClipSpecialTokens(string Bos, string Eos, string Pad)
{
    // transformers' VERY_LARGE_INTEGER, written when a tokenizer sets no maximum length.
    private const double UnsetMaxLength = 1e29;

    public static readonly ClipSpecialTokens Default = new(ClipPreTokenizer.StartOfText, ClipPreTokenizer.EndOfText, ClipPreTokenizer.EndOfText);

    /// <summary>Reads whichever of the two files exist; with neither, <see cref="Default"/>.</summary>
    public static ClipSpecialTokens Read(string tokenizerConfigPath, string specialTokensMapPath)
    {
        var tokens = Default;
        var newFormat = false;
        if (File.Exists(tokenizerConfigPath))
        {
            using var config = ModelFolder.ParseObject(tokenizerConfigPath);
            var root = config.RootElement;
            CheckMaxLength(root, tokenizerConfigPath);
            tokens = Apply(tokens, root, tokenizerConfigPath);
            newFormat = root.TryGetProperty("added_tokens_decoder", out _);
        }
        if (!newFormat && File.Exists(specialTokensMapPath))
        {
            using var map = ModelFolder.ParseObject(specialTokensMapPath);
            tokens = Apply(tokens, map.RootElement, specialTokensMapPath);
        }
        return tokens;
    }

    private static ClipSpecialTokens Apply(ClipSpecialTokens tokens, JsonElement root, string path) => new(
        Token(root, "bos_token", path) ?? tokens.Bos,
        Token(root, "eos_token", path) ?? tokens.Eos,
        Token(root, "pad_token", path) ?? tokens.Pad);

    private static string? Token(JsonElement root, string key, string path)
    {
        if (!root.TryGetProperty(key, out var value) || value.ValueKind == JsonValueKind.Null)
            return null;
        if (value.ValueKind == JsonValueKind.String)
            return value.GetString();
        if (value.ValueKind == JsonValueKind.Object && value.TryGetProperty("content", out var content) && content.ValueKind == JsonValueKind.String)
            return content.GetString();
        throw new ModelFolderException(path, $"'{key}' must be a string or an object with a string 'content', not {value.GetRawText()}");
    }

    private static void CheckMaxLength(JsonElement root, string path)
    {
        if (!root.TryGetProperty("model_max_length", out var value) || value.ValueKind != JsonValueKind.Number)
            return;
        var length = value.GetDouble();
        if (length < UnsetMaxLength && length != ClipTokenizer.MaxLength)
            throw new ModelFolderException(path, $"model_max_length is {length}; the pipeline's CLIP text encoder takes {ClipTokenizer.MaxLength} tokens");
    }
}
