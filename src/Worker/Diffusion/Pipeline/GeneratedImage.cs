namespace DreamBot.Worker.Diffusion.Pipeline;

/// <summary>One PNG of a batch, with the seed that reproduces it alone and the safety checker's verdict (null: no checker).</summary>
public sealed record GeneratedImage(byte[] Png, long Seed, bool? Flagged);
