using System.Text.Json.Nodes;

namespace DreamBot.ModelBuilder;

/// <summary>
/// What an SDXL folder holds beyond a Stable Diffusion 1.x one, with the values stabilityai/stable-diffusion-xl-base-1.0
/// and stabilityai/sdxl-turbo ship: text_encoder_2 and tokenizer_2 (pad token "!"), model_index.json's parts and
/// force_zeros_for_empty_prompt and the scheduler configs (the generator writes the VAE config's SDXL values).
/// </summary>
internal static class TinyXlFiles
{
    public const string Tokenizer2PadToken = "!";

    public static void WriteSecondEncoder(string directory, IModelGraphs graphs, LayoutShapes layout)
    {
        Directory.CreateDirectory(Path.Combine(directory, "text_encoder_2"));
        graphs.TextEncoder2().Save(Path.Combine(directory, "text_encoder_2", "model.onnx"), graphs.ExternalData("text_encoder_2") ? layout.UNetWeightsFile : null);
        var tokenizer2 = Path.Combine(directory, "tokenizer_2");
        Directory.CreateDirectory(tokenizer2);
        foreach (var file in new[] { "vocab.json", "merges.txt" })
            File.Copy(Path.Combine(directory, "tokenizer", file), Path.Combine(tokenizer2, file), overwrite: true);
        TinyTokenizerConfig.Write(tokenizer2, Tokenizer2PadToken);
        if (!layout.ComponentConfigs)
            return;
        TinyModelGenerator.WriteJson(Path.Combine(directory, "text_encoder", "config.json"), TextEncoderConfig(second: false));
        TinyModelGenerator.WriteJson(Path.Combine(directory, "text_encoder_2", "config.json"), TextEncoderConfig(second: true));
        TinyModelGenerator.WriteJson(Path.Combine(directory, "unet", "config.json"), UNetConfig());
    }

    public static JsonObject TextEncoderConfig(bool second)
    {
        var config = TinyComponentConfigs.TextEncoder(ModelFamily.Sdxl);
        config["architectures"] = new JsonArray(second ? "CLIPTextModelWithProjection" : "CLIPTextModel");
        config["hidden_size"] = second ? TinyGraphs.XlHiddenSize2 : TinyGraphs.HiddenSize;
        config["num_hidden_layers"] = TinyGraphs.XlTextLayers;
        if (second)
            config["projection_dim"] = TinyGraphs.XlProjectionSize;
        return config;
    }

    public static JsonObject UNetConfig()
    {
        var config = TinyComponentConfigs.UNet(ModelFamily.Sdxl);
        config["cross_attention_dim"] = TinyGraphs.XlContextSize;
        config["addition_embed_type"] = "text_time";
        config["addition_time_embed_dim"] = TinyGraphs.XlTimeEmbedSize;
        config["projection_class_embeddings_input_dim"] = TinyGraphs.XlAddedInputSize;
        return config;
    }

    /// <summary>The scheduler_config.json of stable-diffusion-xl-base-1.0 (Euler, leading) or sdxl-turbo (Euler ancestral, trailing).</summary>
    public static JsonObject SchedulerConfig(ModelFamily family) => new()
    {
        ["_class_name"] = family == ModelFamily.SdxlTurbo ? "EulerAncestralDiscreteScheduler" : "EulerDiscreteScheduler",
        ["_diffusers_version"] = "0.24.0.dev0",
        ["beta_end"] = 0.012,
        ["beta_schedule"] = "scaled_linear",
        ["beta_start"] = 0.00085,
        ["clip_sample"] = false,
        ["interpolation_type"] = "linear",
        ["num_train_timesteps"] = 1000,
        ["prediction_type"] = "epsilon",
        ["sample_max_value"] = 1.0,
        ["set_alpha_to_one"] = false,
        ["skip_prk_steps"] = true,
        ["steps_offset"] = 1,
        ["timestep_spacing"] = family == ModelFamily.SdxlTurbo ? "trailing" : "leading",
        ["trained_betas"] = null,
        ["use_karras_sigmas"] = false,
    };

    /// <summary>diffusers' class for the diffusers layouts, Optimum's ORT class for Optimum's.</summary>
    public static JsonObject ModelIndex(TinyModelOptions options, string schedulerClass)
    {
        static JsonArray Part(string library, string type) => new(library, type);
        var optimum = options.Layout is ExportLayout.Optimum or ExportLayout.OptimumOld;
        var index = new JsonObject
        {
            ["_class_name"] = optimum ? "ORTStableDiffusionXLPipeline" : "StableDiffusionXLPipeline",
            ["_diffusers_version"] = "0.30.0",
            ["_name_or_path"] = (options.FullSize ? "dreambot/full-size-" : "dreambot/tiny-") + (options.Family == ModelFamily.SdxlTurbo ? "sdxl-turbo" : "sdxl") + (options.Float16 ? "-fp16" : ""),
            ["force_zeros_for_empty_prompt"] = true,
            ["add_watermarker"] = null,
            ["scheduler"] = Part("diffusers", schedulerClass),
            ["text_encoder"] = Part("transformers", "CLIPTextModel"),
            ["text_encoder_2"] = Part("transformers", "CLIPTextModelWithProjection"),
            ["tokenizer"] = Part("transformers", "CLIPTokenizer"),
            ["tokenizer_2"] = Part("transformers", "CLIPTokenizer"),
            ["unet"] = Part("diffusers", "UNet2DConditionModel"),
            ["vae_decoder"] = Part("diffusers", "AutoencoderKL"),
        };
        if (options.VaeEncoder)
            index["vae_encoder"] = Part("diffusers", "AutoencoderKL");
        return index;
    }
}
