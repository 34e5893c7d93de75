using DreamBot.Worker.Diffusion.Loading;
using DreamBot.Worker.Diffusion.Onnx;
using DreamBot.Worker.Diffusion.Tokenization;

namespace DreamBot.Worker.Diffusion.Text;

/// <summary>
/// A request's prompts to the UNet's encoder_hidden_states, rows [negative x N | prompt x N] with guidance and
/// [prompt x N] without. A plain prompt of one chunk takes the encoder's own output where it lies (device memory on
/// CUDA), as before long prompts and weights existed. Otherwise, as AUTOMATIC1111's webui (modules/sd_hijack_clip.py)
/// does: every chunk is encoded on its own, each token's hidden state is multiplied by its weight and the chunk's mean
/// restored, and the chunks are joined along the sequence axis; the shorter prompt is padded with empty chunks.
/// </summary>
public sealed class PromptEncoder(StableDiffusionModel model)
{
    /// <summary>The prompt's chunks, and the negative prompt's when <paramref name="guided"/>.</summary>
    public (PromptChunks Prompt, PromptChunks? Negative) Tokenize(string prompt, string negativePrompt, bool guided) =>
        (Chunk(prompt), guided ? Chunk(negativePrompt) : null);

    /// <summary>Hidden states for <paramref name="count"/> images: [negative x N | prompt x N], or [prompt x N] without a negative.</summary>
    public TextEmbeddings Encode(PromptChunks positive, PromptChunks? negative, int count)
    {
        ArgumentNullException.ThrowIfNull(positive);
        var chunkCount = Math.Max(positive.Count, negative?.Count ?? 0);
        var plain = chunkCount == 1 && !positive.IsWeighted && negative?.IsWeighted != true && model.ClipSkip is null;
        if (plain)
        {
            var rows = Enumerable.Repeat(positive.Ids[0], count);
            if (negative is not null)
                rows = Enumerable.Repeat(negative.Ids[0], count).Concat(rows);
            return model.TextEncoder.Encode([.. rows]);
        }

        var host = EncodeOnHost(positive, negative, count);
        long[] shape = [host.Rows, host.SequenceLength, model.TextEncoder.HiddenSize];
        return new TextEmbeddings(TensorData.FromFloats(host.Values, shape, model.TextEncoder.ElementType));
    }

    /// <summary>The same hidden states as <see cref="Encode"/>, as float32 on the host, for a batch to lay out.</summary>
    public HostEmbeddings EncodeOnHost(PromptChunks positive, PromptChunks? negative, int count)
    {
        ArgumentNullException.ThrowIfNull(positive);
        var chunkCount = Math.Max(positive.Count, negative?.Count ?? 0);
        positive = PromptChunker.PadTo(model.Tokenizer, positive, chunkCount);
        var prompts = negative is null ? [positive] : new[] { PromptChunker.PadTo(model.Tokenizer, negative, chunkCount), positive };
        var hidden = Hidden(prompts.SelectMany(p => p.Ids).ToList());
        var rowSize = ClipTokenizer.MaxLength * model.TextEncoder.HiddenSize;
        for (var chunk = 0; chunk < prompts.Length * chunkCount; chunk++)
            Weigh(hidden.AsSpan(chunk * rowSize, rowSize), prompts[chunk / chunkCount].Weights[chunk % chunkCount]);

        // Each prompt's chunks already lie one after another: [77 x chunks, hidden] is the joined sequence.
        var promptSize = chunkCount * rowSize;
        var values = new float[prompts.Length * count * promptSize];
        for (var p = 0; p < prompts.Length; p++)
        {
            for (var i = 0; i < count; i++)
                hidden.AsSpan(p * promptSize, promptSize).CopyTo(values.AsSpan((p * count + i) * promptSize));
        }
        return new HostEmbeddings(values, prompts.Length * count, chunkCount * ClipTokenizer.MaxLength);
    }

    /// <summary>
    /// The webui's emphasis ("Original"): z * weights, then scaled so the chunk's mean is what it was. A chunk whose
    /// weights are all 1 is left as encoded.
    /// </summary>
    public static void Weigh(Span<float> chunk, float[] weights)
    {
        ArgumentNullException.ThrowIfNull(weights);
        if (weights.All(w => w == 1f))
            return;
        var hiddenSize = chunk.Length / weights.Length;
        var originalMean = Mean(chunk);
        for (var t = 0; t < weights.Length; t++)
        {
            foreach (ref var value in chunk.Slice(t * hiddenSize, hiddenSize))
                value *= weights[t];
        }
        var scale = (float)(originalMean / Mean(chunk));
        foreach (ref var value in chunk)
            value *= scale;
    }

    private PromptChunks Chunk(string prompt) => PromptChunker.Chunk(model.Tokenizer, PromptWeights.Parse(prompt), MaxChunks);

    // A UNet exported with a fixed context length takes that many tokens and no more.
    private int MaxChunks => model.UNet.ContextLength is { } fixedLength
        ? Math.Clamp(fixedLength / ClipTokenizer.MaxLength, 1, PromptChunker.MaxChunks)
        : PromptChunker.MaxChunks;

    private float[] Hidden(List<int[]> rows) =>
        model.ClipSkip is { } skip ? skip.Encode(model.TextEncoder, rows) : model.TextEncoder.EncodeOnHost(rows, model.TextEncoder.OutputName);

    private static double Mean(ReadOnlySpan<float> values)
    {
        double sum = 0;
        foreach (var value in values)
            sum += value;
        return sum / values.Length;
    }
}
