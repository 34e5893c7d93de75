using Microsoft.ML.OnnxRuntime;

namespace DreamBot.Worker.Diffusion;

/// <summary>The text encoder's hidden states for one generation, owned until the denoising loop ends.</summary>
public sealed class TextEmbeddings(IDisposableReadOnlyCollection<OrtValue> outputs) : IDisposable
{
    public OrtValue Value => outputs[0];

    public void Dispose() => outputs.Dispose();
}
