using System.Text.Json.Nodes;

namespace DreamBot.Worker.ModelBuilder;

/// <summary>The config.json files Optimum writes beside the text encoder and UNet graphs, with the tiny model's sizes.</summary>
internal static class TinyComponentConfigs
{
    // 256 px at the VAE's factor of 8: the size the tiny model's tests render.
    private const int SampleSize = 32;

    public static JsonObject TextEncoder() => new()
    {
        ["architectures"] = new JsonArray("CLIPTextModel"),
        ["model_type"] = "clip_text_model",
        ["hidden_size"] = TinyGraphs.HiddenSize,
        ["max_position_embeddings"] = TinyGraphs.TokenLength,
        ["vocab_size"] = TinyGraphs.VocabSize,
    };

    public static JsonObject UNet() => new()
    {
        ["_class_name"] = "UNet2DConditionModel",
        ["in_channels"] = TinyGraphs.LatentChannels,
        ["out_channels"] = TinyGraphs.LatentChannels,
        ["sample_size"] = SampleSize,
        ["cross_attention_dim"] = TinyGraphs.HiddenSize,
    };
}
