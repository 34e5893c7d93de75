using System.Text;
using System.Text.Json;
using DreamBot.Worker.Diffusion.Tokenization;

namespace DreamBot.ModelBuilder;

/// <summary>
/// A minimal CLIP-format vocabulary for demo models when the real one is not at hand: the 256 byte symbols, the same
/// with the end-of-word mark, one merge, and CLIP's start/end ids. Every prompt still tokenizes, one byte a token.
/// </summary>
public static class ByteLevelVocabulary
{
    // CLIP's ids for <|startoftext|> and <|endoftext|>; the tiny text encoder's embedding table covers them.
    private const int StartOfTextId = 49406;
    private const int EndOfTextId = 49407;
    private const string StartOfText = "<|startoftext|>";
    private const string EndOfText = "<|endoftext|>";

    public static void Write(string tokenizerDirectory)
    {
        Directory.CreateDirectory(tokenizerDirectory);
        var vocabulary = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var b = 0; b < 256; b++)
        {
            vocabulary[ByteLevelAlphabet.ByteToChar[b].ToString()] = b;
            vocabulary[ByteLevelAlphabet.ByteToChar[b] + "</w>"] = 256 + b;
        }
        // The tokenizer expects at least one merge; one common pair costs nothing.
        vocabulary["th</w>"] = 512;
        vocabulary[StartOfText] = StartOfTextId;
        vocabulary[EndOfText] = EndOfTextId;
        File.WriteAllText(Path.Combine(tokenizerDirectory, "vocab.json"), JsonSerializer.Serialize(vocabulary), Encoding.UTF8);
        File.WriteAllText(Path.Combine(tokenizerDirectory, "merges.txt"), "#version: 0.2\nt h</w>\n", Encoding.UTF8);
    }
}
