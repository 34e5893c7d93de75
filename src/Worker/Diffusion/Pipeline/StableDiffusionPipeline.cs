using DreamBot.Worker.Diffusion.Loading;
using System.Diagnostics;
using DreamBot.Shared.Domain;
using DreamBot.Worker.Imaging;

namespace DreamBot.Worker.Diffusion.Pipeline;

/// <summary>
/// Text (and optionally an init image) to PNGs, following diffusers' OnnxStableDiffusionPipeline and its img2img and
/// inpaint siblings step by step (and, for SDXL folders, StableDiffusionXLPipeline's text conditioning). One generation
/// denoises at a time on the device: the Worker's models share one <see cref="DeviceGate"/>; a pipeline given none has its
/// own. It runs in three stages: <see cref="PrepareStage"/> encodes the prompts before the gate, <see cref="DenoiseStage"/>
/// holds the device, and <see cref="FinishStage"/> encodes the PNGs after it, so both overlap the next or previous
/// request's loop.
/// </summary>
public sealed class StableDiffusionPipeline(StableDiffusionModel model, ImageLimits imageLimits, DeviceGate? device = null) : IDisposable
{
    private readonly DeviceGate? _ownGate = device is null ? new DeviceGate() : null;
    private readonly PrepareStage _prepare = new(model);
    private readonly FinishStage _finish = new(model);
    private readonly DenoiseStage _denoise = new(model, new StartingLatents(model, imageLimits));

    public StableDiffusionModel Model => model;

    /// <summary>
    /// Renders <paramref name="parameters"/>, starting from <paramref name="initImage"/> (the encoded, untrusted bytes
    /// of <see cref="DreamParameters.InitImage"/>) for image-to-image; <paramref name="progress"/> is called on the
    /// generation thread after every step. Parameters outside the hard limits throw <see cref="ArgumentException"/>
    /// with the reason.
    /// </summary>
    public Task<GenerationResult> GenerateAsync(
        DreamParameters parameters, byte[]? initImage, Action<GenerationProgress>? progress, CancellationToken cancellationToken) =>
        GenerateAsync(parameters, initImage, mask: null, progress, cancellationToken);

    /// <summary>
    /// As above, with the encoded bytes of <see cref="DreamParameters.Mask"/> for inpainting. An inpainting model
    /// repaints the mask (or what is around <see cref="DreamParameters.Placement"/>, or everything) and keeps the rest
    /// of the canvas pixel for pixel.
    /// </summary>
    public async Task<GenerationResult> GenerateAsync(
        DreamParameters parameters, byte[]? initImage, byte[]? mask, Action<GenerationProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var request = new PipelineRequest(Resolve(parameters), initImage, mask, progress);
        // The prompt is encoded before the device is taken, so it overlaps the denoising of the request ahead.
        using var prompts = await Task.Run(() => _prepare.Prepare([request]), cancellationToken);
        Rendered[] rendered;
        using (await (device ?? _ownGate!).EnterAsync(cancellationToken))
            rendered = await Task.Run(() => _denoise.Run(prompts, cancellationToken), cancellationToken);
        return await Task.Run(() => _finish.Finish(rendered[0]), CancellationToken.None);
    }

    /// <summary>
    /// Whether this model denoises several requests as one batch: a UNet with a free batch axis, and neither SDXL,
    /// whose added conditioning is per request, nor an inpainting model, whose canvas is.
    /// </summary>
    public bool Batches => model.UNet.FixedBatch is null && model.Xl is null && !model.UNet.IsInpainting;

    /// <summary>
    /// Renders requests that <see cref="DreamParameters.RendersInOneBatchWith">render in one batch</see> in one
    /// denoising loop, each with its own prompts, seed and guidance scale; every image is the one its request renders
    /// alone, up to the last bits of floating point where the request alone runs the UNet at another batch size for
    /// which ONNX Runtime picks other kernels (docs/operators.md, <c>Queue:MaxBatch</c>). Requests whose prompts take different
    /// numbers of 75-token chunks run one after another.
    /// <paramref name="progress"/> holds each request's callback (or null).
    /// </summary>
    public async Task<IReadOnlyList<GenerationResult>> GenerateBatchAsync(
        IReadOnlyList<DreamParameters> batch, IReadOnlyList<Action<GenerationProgress>?> progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentNullException.ThrowIfNull(progress);
        if (batch.Count == 0 || progress.Count != batch.Count)
            throw new ArgumentException("A batch needs one progress callback (or null) per request.", nameof(progress));
        if (batch.Count > 1 && (!Batches || batch.Any(p => !batch[0].RendersInOneBatchWith(p))))
            throw new ArgumentException("These requests do not render in one batch.", nameof(batch));
        var requests = batch.Select((p, i) => new PipelineRequest(Resolve(p), null, null, progress[i])).ToArray();
        var rendered = new Rendered[requests.Length];
        var groups = new List<(int[] Indices, PreparedPrompts Prompts)>();
        try
        {
            // Requests can share one UNet call only where their hidden states have one sequence length. Their prompts
            // are encoded before the device is taken, as a lone request's are.
            await Task.Run(() =>
            {
                var clock = Stopwatch.GetTimestamp();
                var tokenized = requests.Select((r, i) => (Request: r, Index: i, Chunks: _prepare.Tokenize(r))).ToArray();
                var tokenizing = Stopwatch.GetElapsedTime(clock);
                foreach (var group in tokenized.GroupBy(t => Math.Max(t.Chunks.Prompt.Count, t.Chunks.Negative?.Count ?? 0)))
                    groups.Add(([.. group.Select(t => t.Index)], _prepare.Prepare([.. group.Select(t => t.Request)], [.. group.Select(t => t.Chunks)], tokenizing)));
            }, cancellationToken);
            using var turn = await (device ?? _ownGate!).EnterAsync(cancellationToken);
            await Task.Run(() =>
            {
                foreach (var (indices, prompts) in groups)
                {
                    foreach (var (index, result) in indices.Zip(_denoise.Run(prompts, cancellationToken)))
                        rendered[index] = result;
                }
            }, cancellationToken);
        }
        catch
        {
            // A later group failed or was cancelled: the earlier groups' images go unencoded.
            foreach (var image in rendered.Where(r => r is not null).SelectMany(r => r.Pixels))
                image.Image.Dispose();
            throw;
        }
        finally
        {
            foreach (var (_, prompts) in groups)
                prompts.Dispose();
        }
        return await Task.Run(() => rendered.Select(_finish.Finish).ToArray(), CancellationToken.None);
    }

    public void Dispose() => _ownGate?.Dispose();

    private DreamParameters Resolve(DreamParameters parameters) =>
        parameters.Sampler == Samplers.ModelsOwn ? parameters with { Sampler = model.DefaultSampler } : parameters;
}
