namespace DreamBot.Worker.Diffusion.Pipeline;

/// <summary>
/// Reported after each denoising step. <see cref="RenderPreview"/> renders the first image's current latents as a small
/// PNG (null when the latent space has no known colour map); call it only during the callback.
/// </summary>
public sealed record GenerationProgress(int Step, int TotalSteps, TimeSpan Elapsed, Func<byte[]?> RenderPreview);
