using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using DreamBot.ModelBuilder.FullSize;

namespace DreamBot.ModelBuilder;

/// <summary>
/// Writes a tiny random-weight Stable Diffusion folder in the diffusers/Optimum ONNX layout, so the whole pipeline can
/// run on CPU in seconds without real weights; or, with <see cref="TinyModelOptions.FullSize"/>, the same layout with
/// Stable Diffusion 1.5's (or SDXL's) real architecture and sizes. The CLIP vocabulary is copied from <c>tokenizerDirectory</c>.
/// </summary>
public static class TinyModelGenerator
{
    // Unescaped like the files the Hub ships: "<|endoftext|>", not "\u003C|endoftext|\u003E".
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <param name="tokenizerDirectory">A CLIP vocab.json + merges.txt to copy; null writes a byte-level stand-in.</param>
    public static void Write(string directory, string? tokenizerDirectory, TinyModelOptions options)
    {
        foreach (var file in tokenizerDirectory is null ? [] : new[] { "vocab.json", "merges.txt" })
        {
            if (!File.Exists(Path.Combine(tokenizerDirectory!, file)))
                throw new FileNotFoundException($"The tokenizer folder has no {file}", Path.Combine(tokenizerDirectory!, file));
        }

        IModelGraphs graphs = options.FullSize ? new FullSizeGraphs(options) : new TinyGraphs(options);
        var layout = LayoutShapes.For(options, TinyGraphs.LatentChannels, TinyGraphs.HiddenSizeOf(options.Family));
        Directory.CreateDirectory(Path.Combine(directory, "tokenizer"));
        if (tokenizerDirectory is null)
        {
            ByteLevelVocabulary.Write(Path.Combine(directory, "tokenizer"));
        }
        else
        {
            File.Copy(Path.Combine(tokenizerDirectory, "vocab.json"), Path.Combine(directory, "tokenizer", "vocab.json"), overwrite: true);
            File.Copy(Path.Combine(tokenizerDirectory, "merges.txt"), Path.Combine(directory, "tokenizer", "merges.txt"), overwrite: true);
        }

        var xl = options.Family.IsXl();
        var padToken = options.PadToken ?? (options.Family == ModelFamily.Sd2 ? "!" : null);
        if (options.Layout != ExportLayout.DreamBot || padToken is not null || xl)
            TinyTokenizerConfig.Write(Path.Combine(directory, "tokenizer"), padToken);

        SaveGraph(directory, "text_encoder", graphs, graphs.TextEncoder, layout.UNetWeightsFile);
        SaveGraph(directory, "unet", graphs, graphs.UNet, layout.UNetWeightsFile);
        SaveGraph(directory, "vae_decoder", graphs, graphs.VaeDecoder, layout.UNetWeightsFile);
        if (options.VaeEncoder)
            SaveGraph(directory, "vae_encoder", graphs, graphs.VaeEncoder, layout.UNetWeightsFile);
        if (options.SafetyChecker)
            SaveGraph(directory, "safety_checker", graphs, graphs.SafetyChecker, layout.UNetWeightsFile);
        // diffusers' conversion script writes no config.json beside its graphs; Optimum writes one beside each. The
        // other families' sizes (sample_size, time_cond_proj_dim) are only in the configs, so they always get them.
        if (xl)
            TinyXlFiles.WriteSecondEncoder(directory, graphs, layout);
        else if (layout.ComponentConfigs || options.Family != ModelFamily.Sd)
        {
            WriteJson(Path.Combine(directory, "text_encoder", "config.json"), TinyComponentConfigs.TextEncoder(options.Family));
            WriteJson(Path.Combine(directory, "unet", "config.json"), TinyComponentConfigs.UNet(options.Family));
        }
        if (options.Layout is ExportLayout.DreamBot || layout.ComponentConfigs)
        {
            WriteJson(Path.Combine(directory, "vae_decoder", "config.json"), VaeConfig(graphs, xl));
            if (options.VaeEncoder)
                WriteJson(Path.Combine(directory, "vae_encoder", "config.json"), VaeConfig(graphs, xl));
        }

        Directory.CreateDirectory(Path.Combine(directory, "scheduler"));
        var scheduler = SchedulerConfigJson(xl ? TinyXlFiles.SchedulerConfig(options.Family) : FamilySchedulerConfig(options.Family), options.SchedulerSettings);
        WriteJson(Path.Combine(directory, "scheduler", "scheduler_config.json"), scheduler);
        var schedulerClass = (string)scheduler["_class_name"]!;
        WriteJson(Path.Combine(directory, "model_index.json"),
            xl ? TinyXlFiles.ModelIndex(options, schedulerClass) : ModelIndex(options, layout.PipelineClass, schedulerClass));
    }

    private static void SaveGraph(string directory, string part, IModelGraphs graphs, Func<OnnxGraph> build, string externalFile)
    {
        Directory.CreateDirectory(Path.Combine(directory, part));
        build().Save(Path.Combine(directory, part, "model.onnx"), graphs.ExternalData(part) ? externalFile : null);
    }

    private static JsonObject VaeConfig(IModelGraphs graphs, bool xl)
    {
        var config = new JsonObject
        {
            ["_class_name"] = "AutoencoderKL",
            ["latent_channels"] = TinyGraphs.LatentChannels,
            ["block_out_channels"] = new JsonArray([.. graphs.VaeBlockChannels.Select(c => (JsonNode)c)]),
            ["scaling_factor"] = xl ? 0.13025 : 0.18215, // SDXL's and SD 1.x's VAE scaling_factor
        };
        if (xl)
            config["force_upcast"] = true;
        return config;
    }

    private static JsonObject FamilySchedulerConfig(ModelFamily family)
    {
        var config = StableDiffusion1SchedulerConfig();
        foreach (var (key, value) in FamilySchedulerSettings(family))
            config[key] = value?.DeepClone();
        return config;
    }

    private static JsonObject SchedulerConfigJson(JsonObject config, string? settings)
    {
        if (settings is not null)
        {
            foreach (var (key, value) in JsonNode.Parse(settings)!.AsObject())
                config[key] = value?.DeepClone();
        }
        return config;
    }

    // What stabilityai/stable-diffusion-2-1 and SimianLuo/LCM_Dreamshaper_v7 ship where it differs from SD 1.x.
    private static JsonObject FamilySchedulerSettings(ModelFamily family) => family switch
    {
        ModelFamily.Sd2 => new JsonObject { ["_class_name"] = "DDIMScheduler", ["prediction_type"] = "v_prediction" },
        ModelFamily.Lcm => new JsonObject
        {
            ["_class_name"] = "LCMScheduler",
            ["set_alpha_to_one"] = true,
            ["original_inference_steps"] = 50,
            ["timestep_scaling"] = 10.0,
            ["timestep_spacing"] = "leading",
        },
        _ => [],
    };

    // Stable Diffusion 1.x's shipped scheduler configuration.
    private static JsonObject StableDiffusion1SchedulerConfig() => new()
    {
        ["_class_name"] = "PNDMScheduler",
        ["beta_start"] = 0.00085,
        ["beta_end"] = 0.012,
        ["beta_schedule"] = "scaled_linear",
        ["num_train_timesteps"] = 1000,
        ["set_alpha_to_one"] = false,
        ["skip_prk_steps"] = true,
        ["steps_offset"] = 1,
        ["clip_sample"] = false,
        ["prediction_type"] = "epsilon",
        ["trained_betas"] = null,
    };

    private static JsonObject ModelIndex(TinyModelOptions options, string pipelineClass, string schedulerClass)
    {
        static JsonArray Part(string library, string type) => new(library, type);
        var index = new JsonObject
        {
            ["_class_name"] = pipelineClass,
            ["_diffusers_version"] = "0.30.0",
            ["_name_or_path"] = (options.FullSize ? "dreambot/full-size-sd" : "dreambot/tiny-sd") + FamilySuffix(options.Family) + (options.Float16 ? "-fp16" : ""),
            ["requires_safety_checker"] = options.SafetyChecker,
            ["text_encoder"] = Part("diffusers", "OnnxRuntimeModel"),
            ["unet"] = Part("diffusers", "OnnxRuntimeModel"),
            ["vae_decoder"] = Part("diffusers", "OnnxRuntimeModel"),
            ["vae_encoder"] = options.VaeEncoder ? Part("diffusers", "OnnxRuntimeModel") : new JsonArray(null, null),
            ["safety_checker"] = options.SafetyChecker ? Part("diffusers", "OnnxRuntimeModel") : new JsonArray(null, null),
            ["scheduler"] = Part("diffusers", schedulerClass),
            ["tokenizer"] = Part("transformers", "CLIPTokenizer"),
        };
        // The oldest conversion script wrote a vae_encoder folder but left it out of the index.
        if (options.Layout == ExportLayout.DiffusersScriptOld)
            index.Remove("vae_encoder");
        return index;
    }

    private static string FamilySuffix(ModelFamily family) => family switch
    {
        ModelFamily.Sd2 => "2",
        ModelFamily.Lcm => "-lcm",
        ModelFamily.Inpaint => "-inpaint",
        _ => "",
    };

    internal static void WriteJson(string path, JsonNode node) => File.WriteAllText(path, node.ToJsonString(Indented));
}
