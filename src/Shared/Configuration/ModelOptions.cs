using System.ComponentModel.DataAnnotations;

namespace DreamBot.Shared.Configuration;

public sealed class ModelOptions
{
    public const string Section = "Model";

    /// <summary>Folder in the diffusers/Optimum ONNX layout.</summary>
    public string? Path { get; set; }

    public ExecutionDevice Device { get; set; } = ExecutionDevice.Auto;

    [Range(0, 63, ErrorMessage = "must be a GPU index from 0 to 63")]
    public int DeviceId { get; set; }
}
