using System.Text.Json.Nodes;

namespace DreamBot.ModelBuilder;

/// <summary>The config.json files Optimum writes beside the text encoder and UNet graphs, with the tiny model's sizes.</summary>
internal static class TinyComponentConfigs
{
    public static JsonObject TextEncoder(ModelFamily family) => new()
    {
        ["architectures"] = new JsonArray("CLIPTextModel"),
        ["model_type"] = "clip_text_model",
        ["hidden_size"] = TinyGraphs.HiddenSizeOf(family),
        ["layer_norm_eps"] = 1e-5,
        ["max_position_embeddings"] = TinyGraphs.TokenLength,
        ["vocab_size"] = TinyGraphs.VocabSize,
    };

    public static JsonObject UNet(ModelFamily family)
    {
        var config = new JsonObject
        {
            ["_class_name"] = "UNet2DConditionModel",
            ["in_channels"] = family.UNetInChannels(TinyGraphs.LatentChannels),
            ["out_channels"] = TinyGraphs.LatentChannels,
            ["sample_size"] = SampleSize(family),
            ["cross_attention_dim"] = TinyGraphs.HiddenSizeOf(family),
        };
        if (family == ModelFamily.Lcm)
            config["time_cond_proj_dim"] = TinyGraphs.TimeCondProjDim;
        return config;
    }

    // Latent sizes at the VAE's factor of 8: 256 px (what the tiny model's tests render) for SD 1.x, SD 2.x-v's 768
    // and LCM Dreamshaper's 512.
    private static int SampleSize(ModelFamily family) => family switch
    {
        ModelFamily.Sd2 => 96,
        ModelFamily.Lcm => 64,
        _ => 32,
    };
}
