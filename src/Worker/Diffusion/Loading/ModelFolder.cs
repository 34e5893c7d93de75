using System.Text.Json;
using DreamBot.Worker.Diffusion.Xl;

namespace DreamBot.Worker.Diffusion.Loading;

/// <summary>The file paths of a diffusers/Optimum ONNX Stable Diffusion folder and its small JSON configs.</summary>
public sealed class ModelFolder
{
    private const double DefaultScalingFactor = 0.18215;

    private ModelFolder(string directory)
    {
        Directory = directory;
    }

    public string Directory { get; }

    public string ModelIndex => Part("model_index.json");
    public string Vocab => Part("tokenizer", "vocab.json");
    public string Merges => Part("tokenizer", "merges.txt");
    public string TextEncoder => Part("text_encoder", "model.onnx");
    public string UNet => Part("unet", "model.onnx");
    public string VaeDecoder => Part("vae_decoder", "model.onnx");
    public string VaeEncoder => Part("vae_encoder", "model.onnx");
    public string SafetyChecker => Part("safety_checker", "model.onnx");
    public string SchedulerConfig => Part("scheduler", "scheduler_config.json");
    public string VaeConfig => Part("vae_decoder", "config.json");
    public string UNetConfig => Part("unet", "config.json");
    public string TextEncoderConfig => Part("text_encoder", "config.json");
    public string TokenizerConfig => Part("tokenizer", "tokenizer_config.json");
    public string SpecialTokensMap => Part("tokenizer", "special_tokens_map.json");
    public string TextEncoder2 => Part("text_encoder_2", "model.onnx");
    public string Vocab2 => Part("tokenizer_2", "vocab.json");
    public string Merges2 => Part("tokenizer_2", "merges.txt");
    public string TokenizerConfig2 => Part("tokenizer_2", "tokenizer_config.json");
    public string SpecialTokensMap2 => Part("tokenizer_2", "special_tokens_map.json");

    /// <summary>The model's name for image metadata: model_index's <c>_name_or_path</c>, else the folder's name.</summary>
    public string Name { get; private set; } = "";

    /// <summary>Latents are divided by this before decoding (vae config <c>scaling_factor</c>).</summary>
    public double ScalingFactor { get; private set; } = DefaultScalingFactor;

    /// <summary>2^(len(block_out_channels) - 1) from the VAE config, as diffusers computes it; null when absent.</summary>
    public int? VaeScaleFactor { get; private set; }

    public int? VaeLatentChannels { get; private set; }

    /// <summary>unet/config.json <c>in_channels</c>, where an Optimum export wrote the config.</summary>
    public int? UNetInChannels { get; private set; }

    public int? UNetOutChannels { get; private set; }

    /// <summary>The latent size the UNet was trained at (unet/config.json <c>sample_size</c>).</summary>
    public int? UNetSampleSize { get; private set; }

    public int? UNetCrossAttentionDim { get; private set; }

    /// <summary>unet/config.json <c>time_cond_proj_dim</c>: the guidance embedding size of an LCM-distilled UNet.</summary>
    public int? UNetTimeCondProjDim { get; private set; }

    /// <summary>text_encoder/config.json <c>hidden_size</c>.</summary>
    public int? TextHiddenSize { get; private set; }

    /// <summary>An SDXL pipeline (two text encoders, micro-conditioning); model_index's <c>_class_name</c> says so.</summary>
    public bool IsXl { get; private set; }

    /// <summary>
    /// model_index names an inpainting pipeline (diffusers' StableDiffusionInpaintPipeline, its ONNX and Optimum
    /// siblings). The UNet's inputs decide whether a model inpaints; this only checks they agree.
    /// </summary>
    public bool IsInpaintPipeline { get; private set; }

    /// <summary>model_index <c>force_zeros_for_empty_prompt</c>: SDXL's empty negative prompt is zero embeddings (default true).</summary>
    public bool ForceZerosForEmptyPrompt { get; private set; } = true;

    /// <summary>VAE config <c>force_upcast</c>: diffusers decodes in float32 because float16 overflows (SDXL's VAE).</summary>
    public bool VaeForceUpcast { get; private set; }

    /// <summary>Checks that the required files exist and reads the JSON configs.</summary>
    public static ModelFolder Open(string directory)
    {
        var full = Path.GetFullPath(directory);
        if (!System.IO.Directory.Exists(full))
            throw new ModelFolderException(full, "no such model folder");
        var folder = new ModelFolder(full);
        foreach (var required in new[] { folder.ModelIndex, folder.Vocab, folder.Merges, folder.TextEncoder, folder.UNet, folder.VaeDecoder, folder.SchedulerConfig })
        {
            if (!File.Exists(required))
                throw new ModelFolderException(required, "missing");
        }
        folder.ReadIndex();
        if (folder.IsXl)
            folder.ScalingFactor = XlParts.VaeScalingFactor;
        foreach (var required in folder.IsXl ? XlParts.Required(folder) : [])
        {
            if (!File.Exists(required))
                throw new ModelFolderException(required, "missing (model_index.json names an SDXL pipeline, which has two text encoders)");
        }
        if (File.Exists(folder.VaeConfig))
            folder.ReadVaeConfig();
        if (File.Exists(folder.UNetConfig))
            folder.ReadUNetConfig();
        if (File.Exists(folder.TextEncoderConfig))
        {
            using var text = ParseObject(folder.TextEncoderConfig);
            folder.TextHiddenSize = Count(text.RootElement, "hidden_size", folder.TextEncoderConfig);
        }
        return folder;
    }

    private void ReadIndex()
    {
        using var index = ParseObject(ModelIndex);
        Name = index.RootElement.TryGetProperty("_name_or_path", out var name) && name.ValueKind == JsonValueKind.String
            ? name.GetString()!
            : Path.GetFileName(Directory.TrimEnd(Path.DirectorySeparatorChar));
        IsXl = XlParts.IsXlPipeline(index.RootElement);
        IsInpaintPipeline = index.RootElement.TryGetProperty("_class_name", out var pipeline) && pipeline.ValueKind == JsonValueKind.String
            && pipeline.GetString()!.Contains("InpaintPipeline", StringComparison.Ordinal);
        if (index.RootElement.TryGetProperty("force_zeros_for_empty_prompt", out var zeros) && zeros.ValueKind is JsonValueKind.True or JsonValueKind.False)
            ForceZerosForEmptyPrompt = zeros.GetBoolean();
    }

    private void ReadVaeConfig()
    {
        using var config = ParseObject(VaeConfig);
        var root = config.RootElement;
        try
        {
            if (root.TryGetProperty("scaling_factor", out var scaling) && scaling.ValueKind == JsonValueKind.Number)
                ScalingFactor = scaling.GetDouble();
            if (root.TryGetProperty("block_out_channels", out var blocks) && blocks.ValueKind == JsonValueKind.Array)
                VaeScaleFactor = 1 << (blocks.GetArrayLength() - 1);
            if (root.TryGetProperty("latent_channels", out var channels) && channels.ValueKind == JsonValueKind.Number)
                VaeLatentChannels = channels.GetInt32();
            VaeForceUpcast = root.TryGetProperty("force_upcast", out var upcast) && upcast.ValueKind == JsonValueKind.True;
        }
        catch (FormatException e)
        {
            throw new ModelFolderException(VaeConfig, "unreadable value: " + e.Message, e);
        }
        if (ScalingFactor <= 0 || VaeScaleFactor is < 1)
            throw new ModelFolderException(VaeConfig, "scaling_factor and block_out_channels must be positive");
    }

    private void ReadUNetConfig()
    {
        using var config = ParseObject(UNetConfig);
        var root = config.RootElement;
        UNetInChannels = Count(root, "in_channels", UNetConfig);
        UNetOutChannels = Count(root, "out_channels", UNetConfig);
        UNetSampleSize = Count(root, "sample_size", UNetConfig);
        UNetCrossAttentionDim = Count(root, "cross_attention_dim", UNetConfig);
        UNetTimeCondProjDim = Count(root, "time_cond_proj_dim", UNetConfig);
    }

    /// <summary>
    /// A positive whole number under <paramref name="key"/>; null when the config does not state one (absent, null, or
    /// a per-block list, which only some architectures use).
    /// </summary>
    private static int? Count(JsonElement root, string key, string path)
    {
        if (!root.TryGetProperty(key, out var value) || value.ValueKind is JsonValueKind.Null or JsonValueKind.Array)
            return null;
        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt32(out var count) || count < 1)
            throw new ModelFolderException(path, $"'{key}' must be a positive whole number, not {value.GetRawText()}");
        return count;
    }

    /// <summary>Parses a JSON file that must hold an object; any problem names the file.</summary>
    internal static JsonDocument ParseObject(string path)
    {
        try
        {
            var document = JsonDocument.Parse(File.ReadAllBytes(path));
            if (document.RootElement.ValueKind == JsonValueKind.Object)
                return document;
            document.Dispose();
            throw new ModelFolderException(path, "expected a JSON object");
        }
        catch (JsonException e)
        {
            throw new ModelFolderException(path, "not valid JSON: " + e.Message, e);
        }
    }

    private string Part(params string[] parts) => Path.Combine([Directory, .. parts]);
}
