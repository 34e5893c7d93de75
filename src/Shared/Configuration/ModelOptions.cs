using System.ComponentModel.DataAnnotations;

namespace DreamBot.Shared.Configuration;

public sealed class ModelOptions
{
    public const string Section = "Model";

    /// <summary>Folder in the diffusers/Optimum ONNX layout, for a worker that serves one model.</summary>
    public string? Path { get; set; }

    /// <summary>The name users pick the model at <see cref="Path"/> by; defaults to its folder's name.</summary>
    public string? Name { get; set; }

    /// <summary>Several models for one worker; the first also renders requests that name no model.</summary>
    public List<ServedModelOptions> Models { get; set; } = [];

    public ExecutionDevice Device { get; set; } = ExecutionDevice.Auto;

    [Range(0, 63, ErrorMessage = "must be a GPU index from 0 to 63")]
    public int DeviceId { get; set; }

    /// <summary>
    /// ONNX Runtime CUDA provider options passed through as they are (<c>prefer_nhwc</c>, <c>cudnn_conv_algo_search</c>,
    /// <c>gpu_mem_limit</c> ...); an unknown key makes CUDA unavailable with ONNX Runtime's message.
    /// </summary>
    public Dictionary<string, string> CudaProviderOptions { get; set; } = [];

    /// <summary>The models this worker serves: <see cref="Models"/>, or the one at <see cref="Path"/>.</summary>
    public IReadOnlyList<ServedModelOptions> Served() =>
        Models.Count > 0 ? Models
        : string.IsNullOrWhiteSpace(Path) ? []
        : [new ServedModelOptions { Name = Name ?? NameFromFolder(Path), Path = Path }];

    /// <summary>"/models/Stable-Diffusion v1.5/" becomes "stable-diffusion-v1-5": a valid model (and queue) name.</summary>
    public static string NameFromFolder(string path)
    {
        var folder = System.IO.Path.GetFileName(System.IO.Path.TrimEndingDirectorySeparator(path)).ToLowerInvariant();
        var name = new string([.. folder.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '-')]).Trim('-', '_');
        return name.Length == 0 ? "default" : name[..Math.Min(name.Length, 32)];
    }
}
