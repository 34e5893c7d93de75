using System.Text.Json.Nodes;

namespace DreamBot.ModelBuilder;

/// <summary>
/// The tokenizer folder's special_tokens_map.json and tokenizer_config.json in the legacy form the Stable Diffusion
/// repositories ship. As in stabilityai/stable-diffusion-2-1, the pad token differs between the two files: the special
/// tokens map's (which transformers lets win) is the one the pipeline pads with.
/// </summary>
internal static class TinyTokenizerConfig
{
    private const string StartOfText = "<|startoftext|>";
    private const string EndOfText = "<|endoftext|>";

    public static void Write(string tokenizerDirectory, string? padToken)
    {
        var map = new JsonObject
        {
            ["bos_token"] = Token(StartOfText, typed: false),
            ["eos_token"] = Token(EndOfText, typed: false),
            ["pad_token"] = padToken ?? EndOfText,
            ["unk_token"] = Token(EndOfText, typed: false),
        };
        var config = new JsonObject
        {
            ["add_prefix_space"] = false,
            ["bos_token"] = Token(StartOfText, typed: true),
            ["do_lower_case"] = true,
            ["eos_token"] = Token(EndOfText, typed: true),
            ["errors"] = "replace",
            ["model_max_length"] = 77,
            ["pad_token"] = EndOfText,
            ["tokenizer_class"] = "CLIPTokenizer",
            ["unk_token"] = Token(EndOfText, typed: true),
        };
        TinyModelGenerator.WriteJson(Path.Combine(tokenizerDirectory, "special_tokens_map.json"), map);
        TinyModelGenerator.WriteJson(Path.Combine(tokenizerDirectory, "tokenizer_config.json"), config);
    }

    private static JsonObject Token(string content, bool typed)
    {
        var token = new JsonObject
        {
            ["content"] = content,
            ["lstrip"] = false,
            ["normalized"] = true,
            ["rstrip"] = false,
            ["single_word"] = false,
        };
        if (typed)
            token.Insert(0, "__type", "AddedToken");
        return token;
    }
}
