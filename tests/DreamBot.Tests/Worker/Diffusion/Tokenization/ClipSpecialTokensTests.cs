using DreamBot.Worker.Diffusion.Loading;
using DreamBot.Tests.Infrastructure;
using DreamBot.Worker.Diffusion.Tokenization;

namespace DreamBot.Tests.Worker.Diffusion.Tokenization;

public sealed class ClipSpecialTokensTests : IDisposable
{
    private readonly string _directory = TestPaths.NewTempDirectory("tokenizer-config");

    private string Config => Path.Combine(_directory, "tokenizer_config.json");

    private string Map => Path.Combine(_directory, "special_tokens_map.json");

    [Fact]
    public void Read_GivesClipsOwnTokens_WhenTheFolderHasNeitherFile()
    {
        Assert.Equal(ClipSpecialTokens.Default, ClipSpecialTokens.Read(Config, Map));
    }

    [Fact]
    public void Read_LetsTheSpecialTokensMapWin_OverALegacyTokenizerConfig_AsStableDiffusion21Ships()
    {
        // stabilityai/stable-diffusion-2-1: tokenizer_config says <|endoftext|>, the map says "!", and transformers pads with "!".
        File.WriteAllText(Config, """{"bos_token": {"__type": "AddedToken", "content": "<|startoftext|>"}, "pad_token": "<|endoftext|>", "model_max_length": 77}""");
        File.WriteAllText(Map, """{"bos_token": {"content": "<|startoftext|>", "lstrip": false}, "eos_token": "<|endoftext|>", "pad_token": "!"}""");

        var tokens = ClipSpecialTokens.Read(Config, Map);

        Assert.Equal(new ClipSpecialTokens("<|startoftext|>", "<|endoftext|>", "!"), tokens);
    }

    [Fact]
    public void Read_IgnoresTheMap_WhenTheTokenizerConfigListsAddedTokensDecoder()
    {
        // transformers 4.34+ writes added_tokens_decoder and then takes the special tokens from tokenizer_config alone.
        File.WriteAllText(Config, """{"added_tokens_decoder": {}, "pad_token": "<|endoftext|>"}""");
        File.WriteAllText(Map, """{"pad_token": "!"}""");

        Assert.Equal("<|endoftext|>", ClipSpecialTokens.Read(Config, Map).Pad);
    }

    [Fact]
    public void Read_NamesTheFile_WhenModelMaxLengthIsNot77()
    {
        File.WriteAllText(Config, """{"model_max_length": 64}""");

        var error = Assert.Throws<ModelFolderException>(() => ClipSpecialTokens.Read(Config, Map));

        Assert.Equal(Config, error.PartPath);
    }

    [Fact]
    public void Read_AcceptsTransformersUnsetMaximum()
    {
        File.WriteAllText(Config, """{"model_max_length": 1000000000000000019884624838656}""");

        Assert.Equal(ClipSpecialTokens.Default, ClipSpecialTokens.Read(Config, Map));
    }

    [Fact]
    public void Read_NamesTheFile_WhenATokenIsNeitherStringNorAddedToken()
    {
        File.WriteAllText(Map, """{"pad_token": 0}""");

        var error = Assert.Throws<ModelFolderException>(() => ClipSpecialTokens.Read(Config, Map));

        Assert.Equal(Map, error.PartPath);
        Assert.Contains("pad_token", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Encode_PadsWithExclamationMarkAfterTheEndToken_ForAStableDiffusion2Tokenizer()
    {
        var tokenizer = ClipTokenizer.Load(Path.Combine(TestPaths.Clip, "vocab.json"), Path.Combine(TestPaths.Clip, "merges.txt"),
            ClipSpecialTokens.Default with { Pad = "!" });

        var ids = tokenizer.Encode("a cat").InputIds;

        // diffusers: [BOS, a, cat, EOS] then pad_token_id ("!" is id 0) up to 77.
        Assert.Equal([49406, 320, 2368, 49407], ids[..4]);
        Assert.All(ids[4..], id => Assert.Equal(0, id));
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
