using DreamBot.Worker.Diffusion.Loading;
using DreamBot.Worker.Diffusion.Text;
using System.Diagnostics;
using DreamBot.Worker.Diffusion.Onnx;
using DreamBot.Worker.Diffusion.Tokenization;

namespace DreamBot.Worker.Diffusion.Pipeline;

/// <summary>The first stage, before the device is taken: tokenize and encode the prompts of requests that share one loop.</summary>
internal sealed class PrepareStage(StableDiffusionModel model)
{
    private readonly PromptEncoder _prompts = new(model);

    public (PromptChunks Prompt, PromptChunks? Negative) Tokenize(PipelineRequest request) =>
        _prompts.Tokenize(request.Prompt, request.NegativePrompt, Guided(model, request));

    /// <summary>Tokenizes and encodes a lone request's prompts.</summary>
    public PreparedPrompts Prepare(PipelineRequest[] requests)
    {
        var clock = Stopwatch.GetTimestamp();
        var chunks = requests.Select(Tokenize).ToArray();
        return Prepare(requests, chunks, Stopwatch.GetElapsedTime(clock));
    }

    /// <summary>Encodes the tokenized prompts of requests that will share one denoising loop.</summary>
    public PreparedPrompts Prepare(PipelineRequest[] requests, (PromptChunks Prompt, PromptChunks? Negative)[] chunks, TimeSpan tokenizing)
    {
        var timings = new GenerationTimings { Tokenize = tokenizing };
        var clock = Stopwatch.GetTimestamp();
        var embeddings = Encode(requests, chunks);
        timings.TextEncode = Laps.Lap(ref clock);
        return new PreparedPrompts(requests, chunks, embeddings, timings);
    }

    /// <summary>
    /// Whether to run classifier-free guidance (an unconditional branch beside each image); a guidance-distilled UNet
    /// takes the guidance as an embedding instead, as diffusers' do_classifier_free_guidance decides.
    /// </summary>
    public static bool Guided(StableDiffusionModel model, PipelineRequest request) => request.Guidance > 1 && model.UNet.GuidanceEmbeddingSize is null;

    /// <summary>
    /// The hidden states of a lone request as they always were; a batch's are encoded on the host per request and laid
    /// out [every negative | every prompt] to match the latents.
    /// </summary>
    private TextEmbeddings Encode(PipelineRequest[] requests, (PromptChunks Prompt, PromptChunks? Negative)[] prompts)
    {
        if (requests.Length == 1)
        {
            var request = requests[0];
            return model.Xl is { } xl
                // SDXL encodes with both of its encoders, one 77-token chunk each, as diffusers does.
                ? xl.Encode(model.Tokenizer, request.Prompt, request.NegativePrompt, request.Count, Guided(model, request), request.Height, request.Width, model.UNet)
                : _prompts.Encode(prompts[0].Prompt, prompts[0].Negative, request.Count);
        }
        var parts = prompts.Select((p, r) => _prompts.EncodeOnHost(p.Prompt, p.Negative, requests[r].Count)).ToArray();
        var rowSize = parts[0].Values.Length / parts[0].Rows;
        var images = requests.Sum(r => r.Count);
        var guided = Guided(model, requests[0]);
        var values = new float[(guided ? 2 : 1) * images * rowSize];
        var unconditional = 0;
        var conditional = guided ? images * rowSize : 0;
        foreach (var part in parts)
        {
            // Each request's rows are [negative x N | prompt x N] when guided, [prompt x N] otherwise.
            var half = part.Values.Length / (guided ? 2 : 1);
            if (guided)
            {
                part.Values.AsSpan(0, half).CopyTo(values.AsSpan(unconditional));
                unconditional += half;
            }
            part.Values.AsSpan(part.Values.Length - half).CopyTo(values.AsSpan(conditional));
            conditional += half;
        }
        long[] shape = [values.Length / rowSize, parts[0].SequenceLength, model.TextEncoder.HiddenSize];
        return new TextEmbeddings(TensorData.FromFloats(values, shape, model.TextEncoder.ElementType));
    }
}
