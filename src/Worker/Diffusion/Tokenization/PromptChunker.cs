namespace DreamBot.Worker.Diffusion.Tokenization;

/// <summary>
/// Splits a weighted prompt into 75-token chunks as AUTOMATIC1111's webui does (modules/sd_hijack_clip.py,
/// tokenize_line, without its optional comma backtracking, as ComfyUI): each run is tokenized on its own, a chunk closes
/// when 75 tokens are in it or at a BREAK, and an empty prompt is one empty chunk. Chunks beyond the cap are dropped.
/// </summary>
public static class PromptChunker
{
    /// <summary>The most chunks a prompt may use: 300 tokens bound the text encoder's work and the UNet's attention.</summary>
    public const int MaxChunks = 4;

    public static PromptChunks Chunk(ClipTokenizer tokenizer, IReadOnlyList<WeightedText> runs, int maxChunks = MaxChunks)
    {
        ArgumentNullException.ThrowIfNull(tokenizer);
        ArgumentNullException.ThrowIfNull(runs);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxChunks, 1);
        var chunks = new List<List<(int Id, float Weight)>>();
        var current = new List<(int Id, float Weight)>();
        foreach (var run in runs)
        {
            if (run.IsBreak)
            {
                chunks.Add(current);
                current = [];
                continue;
            }
            foreach (var id in tokenizer.EncodeIds(run.Text))
            {
                if (current.Count == ClipTokenizer.MaxPromptTokens)
                {
                    chunks.Add(current);
                    current = [];
                }
                current.Add((id, (float)run.Weight));
            }
        }
        if (current.Count > 0 || chunks.Count == 0)
            chunks.Add(current);

        var kept = chunks.Take(maxChunks).ToList();
        var dropped = chunks.Skip(maxChunks).SelectMany(c => c).Select(t => t.Id).ToList();
        var droppedText = dropped.Count > 0 ? tokenizer.Decode(dropped) : null;
        return new PromptChunks(
            [.. kept.Select(c => tokenizer.Frame([.. c.Select(t => t.Id)]))],
            [.. kept.Select(FrameWeights)],
            chunks.Sum(c => c.Count),
            string.IsNullOrEmpty(droppedText) ? null : droppedText);
    }

    /// <summary>Chunks of an empty prompt: what a shorter prompt is padded with to match a longer one.</summary>
    public static PromptChunks PadTo(ClipTokenizer tokenizer, PromptChunks prompt, int count)
    {
        ArgumentNullException.ThrowIfNull(tokenizer);
        ArgumentNullException.ThrowIfNull(prompt);
        if (prompt.Count >= count)
            return prompt;
        var empty = tokenizer.Frame([]);
        var ones = FrameWeights([]);
        return prompt with
        {
            Ids = [.. prompt.Ids, .. Enumerable.Repeat(empty, count - prompt.Count)],
            Weights = [.. prompt.Weights, .. Enumerable.Repeat(ones, count - prompt.Count)],
        };
    }

    private static float[] FrameWeights(List<(int Id, float Weight)> tokens)
    {
        var weights = new float[ClipTokenizer.MaxLength];
        Array.Fill(weights, 1f);
        for (var i = 0; i < tokens.Count; i++)
            weights[i + 1] = tokens[i].Weight;
        return weights;
    }
}
