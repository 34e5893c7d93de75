namespace DreamBot.Shared.Configuration;

/// <summary>One model a worker serves (an entry of <c>Model:Models</c>), with the /dream defaults that suit it.</summary>
public sealed class ServedModelOptions
{
    /// <summary>What users pick in <c>/dream model:</c>; also names the model's job queue.</summary>
    public string Name { get; set; } = "";

    /// <summary>Folder in the diffusers/Optimum ONNX layout.</summary>
    public string Path { get; set; } = "";

    /// <summary>Steps when the user gives none (few-step models such as SD-Turbo: 1 to 4).</summary>
    public int? DefaultSteps { get; set; }

    /// <summary>The most steps the model is meant for; more is refused.</summary>
    public int? MaxSteps { get; set; }

    /// <summary>Guidance when the user gives none (SD-Turbo is distilled to run without guidance: 0).</summary>
    public double? DefaultGuidance { get; set; }
}
