namespace DreamBot.Worker.Diffusion.Xl;

/// <summary>One text through one SDXL encoder: penultimate hidden states [tokens, <paramref name="Width"/>], pooled output (or empty).</summary>
internal sealed record XlTextFeatures(float[] Hidden, int Width, float[] Pooled);
