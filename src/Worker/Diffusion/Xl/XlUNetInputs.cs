namespace DreamBot.Worker.Diffusion.Xl;

/// <summary>The UNet's conditioning for a whole batch, float32 on the host.</summary>
internal sealed record XlUNetInputs(float[] Embeddings, int Width, float[] TextEmbeds, int PooledWidth, float[] TimeIds, int Batch)
{
    public int Tokens => Embeddings.Length / (Batch * Width);
}
