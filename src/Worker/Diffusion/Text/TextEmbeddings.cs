using DreamBot.Worker.Diffusion.Xl;
using Microsoft.ML.OnnxRuntime;

namespace DreamBot.Worker.Diffusion.Text;

/// <summary>The text encoder's hidden states for one generation, owned until the denoising loop ends.</summary>
public sealed class TextEmbeddings : IDisposable
{
    private readonly IDisposable _owner;

    /// <summary>The encoder's outputs as it left them (in device memory on CUDA).</summary>
    public TextEmbeddings(IDisposableReadOnlyCollection<OrtValue> outputs)
    {
        ArgumentNullException.ThrowIfNull(outputs);
        Value = outputs[0];
        _owner = outputs;
    }

    /// <summary>Hidden states prepared on the host (long or weighted prompts, CLIP skip).</summary>
    public TextEmbeddings(OrtValue value)
    {
        ArgumentNullException.ThrowIfNull(value);
        Value = value;
        _owner = value;
    }

    /// <summary>SDXL's concatenated hidden states with the UNet's added conditioning.</summary>
    internal TextEmbeddings(OrtValue value, XlAddedConditions added)
    {
        _owner = value;
        Value = value;
        Added = added;
    }

    public OrtValue Value { get; }

    /// <summary>SDXL's <c>text_embeds</c> and <c>time_ids</c>; null for Stable Diffusion 1.x/2.x.</summary>
    internal XlAddedConditions? Added { get; }

    public void Dispose()
    {
        _owner.Dispose();
        Added?.Dispose();
    }
}
