namespace DreamBot.Worker.Diffusion.Text;

/// <summary>Text hidden states on the host, float32: <paramref name="Rows"/> × <paramref name="SequenceLength"/> × hidden size.</summary>
public sealed record HostEmbeddings(float[] Values, int Rows, int SequenceLength);
