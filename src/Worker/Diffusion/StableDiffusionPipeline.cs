using System.Diagnostics;
using System.Numerics.Tensors;
using DreamBot.Shared.Domain;
using DreamBot.Worker.Diffusion.Onnx;
using DreamBot.Worker.Diffusion.Schedulers;
using DreamBot.Worker.Diffusion.Tokenization;
using DreamBot.Worker.Imaging;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace DreamBot.Worker.Diffusion;

/// <summary>
/// Text (and optionally an init image) to PNGs, following diffusers' OnnxStableDiffusionPipeline and its img2img and
/// inpaint siblings step by step (and, for SDXL folders, StableDiffusionXLPipeline's text conditioning). One generation
/// denoises at a time on the device: the Worker's models share one <see cref="DeviceGate"/>; a pipeline given none has its
/// own. Prompts are encoded before the gate and PNGs after it, so both overlap the next or previous request's loop.
/// </summary>
public sealed class StableDiffusionPipeline(StableDiffusionModel model, ImageLimits imageLimits, DeviceGate? device = null) : IDisposable
{
    private const int PreviewUpscale = 4;

    private readonly DeviceGate? _ownGate = device is null ? new DeviceGate() : null;
    private readonly PromptEncoder _prompts = new(model);

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
        var request = new Request(Resolve(parameters), initImage, mask, progress);
        // The prompt is encoded before the device is taken, so it overlaps the denoising of the request ahead.
        using var prompts = await Task.Run(() => Prepare([request]), cancellationToken);
        Rendered[] rendered;
        using (await (device ?? _ownGate!).EnterAsync(cancellationToken))
            rendered = await Task.Run(() => Generate(prompts, cancellationToken), cancellationToken);
        return await Task.Run(() => Finish(rendered[0]), CancellationToken.None);
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
    /// which ONNX Runtime picks other kernels (README, <c>Queue:MaxBatch</c>). Requests whose prompts take different
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
        var requests = batch.Select((p, i) => new Request(Resolve(p), null, null, progress[i])).ToArray();
        var rendered = new Rendered[requests.Length];
        var groups = new List<(int[] Indices, PreparedPrompts Prompts)>();
        try
        {
            // Requests can share one UNet call only where their hidden states have one sequence length. Their prompts
            // are encoded before the device is taken, as a lone request's are.
            await Task.Run(() =>
            {
                var clock = Stopwatch.GetTimestamp();
                var tokenized = requests.Select((r, i) => (Request: r, Index: i, Chunks: Tokenize(r))).ToArray();
                var tokenizing = Stopwatch.GetElapsedTime(clock);
                foreach (var group in tokenized.GroupBy(t => Math.Max(t.Chunks.Prompt.Count, t.Chunks.Negative?.Count ?? 0)))
                    groups.Add(([.. group.Select(t => t.Index)], Prepare([.. group.Select(t => t.Request)], [.. group.Select(t => t.Chunks)], tokenizing)));
            }, cancellationToken);
            using var turn = await (device ?? _ownGate!).EnterAsync(cancellationToken);
            await Task.Run(() =>
            {
                foreach (var (indices, prompts) in groups)
                {
                    foreach (var (index, result) in indices.Zip(Generate(prompts, cancellationToken)))
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
        return await Task.Run(() => rendered.Select(Finish).ToArray(), CancellationToken.None);
    }

    public void Dispose() => _ownGate?.Dispose();

    private DreamParameters Resolve(DreamParameters parameters) =>
        parameters.Sampler == Samplers.ModelsOwn ? parameters with { Sampler = model.DefaultSampler } : parameters;

    private (PromptChunks Prompt, PromptChunks? Negative) Tokenize(Request request) =>
        _prompts.Tokenize(request.Prompt, request.NegativePrompt, Guided(request));

    /// <summary>
    /// One denoising loop over every image of <paramref name="requests"/> (one request, or a batch whose prompts have
    /// one chunk count). The UNet sees [unconditional images | conditional images], each half in request order.
    /// </summary>
    private Rendered[] Generate(PreparedPrompts prepared, CancellationToken cancellationToken)
    {
        var (requests, prompts, embeddings, timings) = (prepared.Requests, prepared.Chunks, prepared.Embeddings, prepared.Timings);
        var first = requests[0];
        var images = requests.Sum(r => r.Count);
        var shape = new LatentShape(images, model.LatentChannels, first.Height / model.VaeScaleFactor, first.Width / model.VaeScaleFactor);
        using var canvas = LoadCanvas(first);
        using var initImage = canvas is null ? LoadInitImage(first) : null;
        var clock = Stopwatch.GetTimestamp();

        var schedulers = requests.SelectMany(CreateSchedulers).ToArray();
        var noise = requests.SelectMany(r => SeedNoise(r.Seed, r.Count)).ToArray();
        var startIndex = (first.Steps - first.DenoisingSteps) * schedulers[0].Order;
        // diffusers' inpaint pipeline starts from pure noise at full strength (is_strength_max), whatever the image.
        var start = canvas is not null
            ? first.InitImage is null || first.Parameters.Strength is null or 1 ? null : canvas.Signed()
            : initImage is null ? null : PixelConversion.ToSignedPlanar(initImage);
        var latents = start is null ? NoiseLatents(shape, schedulers, noise) : EncodedLatents(start, shape, schedulers, noise, startIndex);
        var conditioning = canvas is null ? null : InpaintConditioning.Build(model, canvas, shape.Height, shape.Width);
        timings.PrepareLatents = Lap(ref clock);

        var stepsRun = Denoise(requests, embeddings, shape, latents, conditioning, schedulers, noise, startIndex, timings, cancellationToken);
        cancellationToken.ThrowIfCancellationRequested();

        var rendered = new Rendered[requests.Length];
        var offset = 0;
        for (var r = 0; r < requests.Length; r++)
        {
            var request = requests[r];
            clock = Stopwatch.GetTimestamp();
            var pixels = Decode(latents.AsSpan(offset * shape.PerImage, request.Count * shape.PerImage), shape with { Count = request.Count }, request, canvas);
            offset += request.Count;
            timings.VaeDecode += Lap(ref clock);
            var flags = CheckSafety(pixels, request);
            timings.SafetyCheck += Lap(ref clock);
            rendered[r] = new Rendered(request, pixels, flags, stepsRun, timings, prompts[r].Prompt.DroppedText);
        }
        return rendered;
    }

    /// <summary>Tokenizes and encodes a lone request's prompts.</summary>
    private PreparedPrompts Prepare(Request[] requests)
    {
        var clock = Stopwatch.GetTimestamp();
        var chunks = requests.Select(Tokenize).ToArray();
        return Prepare(requests, chunks, Stopwatch.GetElapsedTime(clock));
    }

    /// <summary>Encodes the tokenized prompts of requests that will share one denoising loop.</summary>
    private PreparedPrompts Prepare(Request[] requests, (PromptChunks Prompt, PromptChunks? Negative)[] chunks, TimeSpan tokenizing)
    {
        var timings = new GenerationTimings { Tokenize = tokenizing };
        var clock = Stopwatch.GetTimestamp();
        var embeddings = Encode(requests, chunks);
        timings.TextEncode = Lap(ref clock);
        return new PreparedPrompts(requests, chunks, embeddings, timings);
    }

    /// <summary>
    /// The PNGs of a rendered request. This runs after the device is handed on, so the next request denoises while
    /// this one's images are encoded.
    /// </summary>
    private GenerationResult Finish(Rendered rendered)
    {
        try
        {
            var clock = Stopwatch.GetTimestamp();
            var pngs = EncodePngs(rendered.Pixels, rendered.Flags, rendered.Request, rendered.Request.Seed);
            lock (rendered.Timings)
                rendered.Timings.PngEncode += Lap(ref clock);
            return new GenerationResult(pngs, rendered.Request.Seed, rendered.StepsRun, rendered.Timings) { DroppedPromptText = rendered.DroppedText };
        }
        finally
        {
            foreach (var p in rendered.Pixels)
                p.Image.Dispose();
        }
    }

    /// <summary>
    /// The hidden states of a lone request as they always were; a batch's are encoded on the host per request and laid
    /// out [every negative | every prompt] to match the latents.
    /// </summary>
    private TextEmbeddings Encode(Request[] requests, (PromptChunks Prompt, PromptChunks? Negative)[] prompts)
    {
        if (requests.Length == 1)
        {
            var request = requests[0];
            return model.Xl is { } xl
                // SDXL encodes with both of its encoders, one 77-token chunk each, as diffusers does.
                ? xl.Encode(model.Tokenizer, request.Prompt, request.NegativePrompt, request.Count, Guided(request), request.Height, request.Width, model.UNet)
                : _prompts.Encode(prompts[0].Prompt, prompts[0].Negative, request.Count);
        }
        var parts = prompts.Select((p, r) => _prompts.EncodeOnHost(p.Prompt, p.Negative, requests[r].Count)).ToArray();
        var rowSize = parts[0].Values.Length / parts[0].Rows;
        var images = requests.Sum(r => r.Count);
        var guided = Guided(requests[0]);
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

    /// <summary>One scheduler per image: multistep history and ancestral noise stay per image.</summary>
    private IScheduler[] CreateSchedulers(Request request) =>
        Enumerable.Range(0, request.Count).Select(_ => SchedulerFactory.Create(request.Sampler, model.SchedulerConfig, request.Steps)).ToArray();

    private static INoiseSource[] SeedNoise(long seed, int count) =>
        Enumerable.Range(0, count).Select(i => (INoiseSource)new PcgNoiseSource(PcgNoiseSource.SeedFor(seed, i))).ToArray();

    private int Denoise(Request[] requests, TextEmbeddings embeddings, LatentShape shape, float[] latents, float[]? conditioning, IScheduler[] schedulers,
        INoiseSource[] noise, int startIndex, GenerationTimings timings, CancellationToken cancellationToken)
    {
        var guided = Guided(requests[0]);
        var batch = guided ? 2 * shape.Count : shape.Count;
        var guidance = requests.SelectMany(r => Enumerable.Repeat(r.Guidance, r.Count)).ToArray();
        using var unet = model.UNet.Bind(embeddings, batch, shape.Height, shape.Width, guided ? [.. guidance, .. guidance] : guidance);
        if (conditioning is not null)
            unet.SetConditioning(conditioning);
        var loop = new DenoisingLoop(unet, schedulers, noise, guided ? guidance : null, timings);
        return loop.Run(latents, startIndex, Progress(requests, latents, shape), cancellationToken);
    }

    /// <summary>Each request's callback, with a preview of its own first image.</summary>
    private static Action<int, int, TimeSpan>? Progress(Request[] requests, float[] latents, LatentShape shape)
    {
        if (requests.All(r => r.Progress is null))
            return null;
        return (step, total, elapsed) =>
        {
            var offset = 0;
            foreach (var request in requests)
            {
                var first = offset;
                request.Progress?.Invoke(new GenerationProgress(step, total, elapsed,
                    () => LatentPreview.RenderPng(latents.AsSpan(first * shape.PerImage, shape.PerImage), shape.Channels, shape.Height, shape.Width, PreviewUpscale)));
                offset += request.Count;
            }
        };
    }

    private Image<Rgb24>? LoadInitImage(Request request)
    {
        if (request.InitImage is null)
            return null;
        if (model.VaeEncoder is null)
            throw new NotSupportedException($"The model {model.Name} has no VAE encoder, so it cannot start from an image.");
        var image = UntrustedImageDecoder.Decode(request.InitImage, imageLimits);
        ImageFitting.CoverAndCrop(image, request.Width, request.Height);
        return image;
    }

    /// <summary>An inpainting model's canvas and mask (every request to one has them); null for any other model.</summary>
    private InpaintCanvas? LoadCanvas(Request request)
    {
        if (!model.UNet.IsInpainting)
        {
            if (request.Parameters.IsInpaint)
                throw new ArgumentException($"The model {model.Name} is not an inpainting model, so it cannot repaint part of an image.");
            return null;
        }
        if (request.InitImage is null)
            return InpaintCanvas.Blank(request.Width, request.Height);
        var init = UntrustedImageDecoder.Decode(request.InitImage, imageLimits);
        try
        {
            using var mask = request.Mask is null ? null : UntrustedImageDecoder.Decode(request.Mask, imageLimits);
            return InpaintCanvas.Create(init, mask, request.Parameters.Placement, request.Width, request.Height);
        }
        catch
        {
            init.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Whether to run classifier-free guidance (an unconditional branch beside each image); a guidance-distilled UNet
    /// takes the guidance as an embedding instead, as diffusers' do_classifier_free_guidance decides.
    /// </summary>
    private bool Guided(Request request) => request.Guidance > 1 && model.UNet.GuidanceEmbeddingSize is null;

    private static float[] NoiseLatents(LatentShape shape, IScheduler[] schedulers, INoiseSource[] noise)
    {
        var latents = new float[shape.Total];
        for (var i = 0; i < shape.Count; i++)
        {
            var image = latents.AsSpan(i * shape.PerImage, shape.PerImage);
            noise[i].NextGaussian(image);
            TensorPrimitives.Multiply(image, (float)schedulers[i].InitNoiseSigma, image);
        }
        return latents;
    }

    /// <summary>img2img: encode an image [3, H, W] in [-1, 1], scale by the VAE factor, and noise each copy to the start timestep.</summary>
    private float[] EncodedLatents(float[] image, LatentShape shape, IScheduler[] schedulers, INoiseSource[] noise, int startIndex)
    {
        var clean = new float[shape.PerImage];
        model.VaeEncoder!.Encode(image, [1, 3, shape.Height * model.VaeScaleFactor, shape.Width * model.VaeScaleFactor], clean);
        TensorPrimitives.Multiply(clean, (float)model.Folder.ScalingFactor, clean);
        var latents = new float[shape.Total];
        var fresh = new float[shape.PerImage];
        for (var i = 0; i < shape.Count; i++)
        {
            noise[i].NextGaussian(fresh);
            schedulers[i].AddNoise(clean, fresh, startIndex, latents.AsSpan(i * shape.PerImage, shape.PerImage));
        }
        return latents;
    }

    /// <summary>
    /// One VAE call per image, as diffusers does (batched float16 decoding misbehaves). An inpainting canvas's kept
    /// pixels are pasted back over the decoded ones: the VAE's round trip would otherwise shift them slightly.
    /// </summary>
    private List<DecodedImage> Decode(ReadOnlySpan<float> latents, LatentShape shape, Request request, InpaintCanvas? canvas)
    {
        var scaled = new float[shape.PerImage];
        var planes = new float[3 * request.Width * request.Height];
        var images = new List<DecodedImage>(shape.Count);
        for (var i = 0; i < shape.Count; i++)
        {
            TensorPrimitives.Multiply(latents.Slice(i * shape.PerImage, shape.PerImage), (float)(1 / model.Folder.ScalingFactor), scaled);
            model.VaeDecoder.Decode(scaled, [1, shape.Channels, shape.Height, shape.Width], planes);
            canvas?.PasteKept(planes);
            var unit = model.SafetyChecker is null ? null : PixelConversion.ToUnitInterleaved(planes, request.Width, request.Height);
            images.Add(new DecodedImage(PixelConversion.FromSignedPlanar(planes, request.Width, request.Height), unit));
        }
        return images;
    }

    private bool[]? CheckSafety(List<DecodedImage> images, Request request)
    {
        if (model.SafetyChecker is not { } checker)
            return null;
        return images.Select(image => checker.IsFlagged(
            ClipImageProcessor.Preprocess(image.Image), image.UnitPixels, request.Height, request.Width)).ToArray();
    }

    /// <summary>Each PNG carries the parameters that reproduce it alone: its own seed, count 1.</summary>
    private List<GeneratedImage> EncodePngs(List<DecodedImage> pixels, bool[]? flags, Request request, long seed) =>
        pixels.Select((p, i) =>
        {
            var imageSeed = PcgNoiseSource.SeedFor(seed, i);
            var parameters = GenerationParametersText.Format(request.Parameters, imageSeed, model.Name);
            return new GeneratedImage(PngEncoding.Encode(p.Image, parameters), imageSeed, flags?[i]);
        }).ToList();

    private static TimeSpan Lap(ref long clock)
    {
        var now = Stopwatch.GetTimestamp();
        var elapsed = Stopwatch.GetElapsedTime(clock, now);
        clock = now;
        return elapsed;
    }

    /// <summary>The parameters, checked against the hard limits, with the init image's bytes.</summary>
    private sealed record Request
    {
        public Request(DreamParameters parameters, byte[]? initImageBytes, byte[]? maskBytes, Action<GenerationProgress>? progress)
        {
            ArgumentNullException.ThrowIfNull(parameters);
            var problems = DreamRules.Problems(parameters, DreamLimits.Hard);
            if (problems.Count > 0)
                throw new ArgumentException(string.Join(" ", problems));
            if (parameters.IsImageToImage != initImageBytes is not null)
                throw new ArgumentException(initImageBytes is null ? "The init image is missing." : "An init image needs an image-to-image request.");
            if ((parameters.Mask is not null) != maskBytes is not null)
                throw new ArgumentException(maskBytes is null ? "The mask is missing." : "A mask needs a request with a mask.");
            Parameters = parameters;
            InitImage = initImageBytes;
            Mask = maskBytes;
            Progress = progress;
        }

        public DreamParameters Parameters { get; }
        public byte[]? InitImage { get; }
        public byte[]? Mask { get; }
        public Action<GenerationProgress>? Progress { get; }
        public string Prompt => Parameters.Prompt;
        public string NegativePrompt => Parameters.NegativePrompt;
        public long Seed => Parameters.Seed;
        public int Steps => Parameters.Steps;
        public int DenoisingSteps => Parameters.DenoisingSteps;
        public double Guidance => Parameters.Guidance;
        public string Sampler => Parameters.Sampler;
        public int Width => Parameters.Width;
        public int Height => Parameters.Height;
        public int Count => Parameters.Count;
    }

    private sealed record DecodedImage(Image<Rgb24> Image, float[]? UnitPixels);

    /// <summary>A request's decoded images, still to be encoded.</summary>
    private sealed record PreparedPrompts(
        Request[] Requests, (PromptChunks Prompt, PromptChunks? Negative)[] Chunks, TextEmbeddings Embeddings, GenerationTimings Timings) : IDisposable
    {
        public void Dispose() => Embeddings.Dispose();
    }

    private sealed record Rendered(Request Request, List<DecodedImage> Pixels, bool[]? Flags, int StepsRun, GenerationTimings Timings, string? DroppedText);

    private readonly record struct LatentShape(int Count, int Channels, int Height, int Width)
    {
        public int PerImage => Channels * Height * Width;
        public int Total => Count * PerImage;
    }
}
