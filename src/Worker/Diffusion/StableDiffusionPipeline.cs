using System.Diagnostics;
using System.Numerics.Tensors;
using DreamBot.Shared.Domain;
using DreamBot.Worker.Diffusion.Schedulers;
using DreamBot.Worker.Imaging;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace DreamBot.Worker.Diffusion;

/// <summary>
/// Text (and optionally an init image) to PNGs, following diffusers' OnnxStableDiffusionPipeline and its img2img and
/// inpaint siblings step by step (and, for SDXL folders, StableDiffusionXLPipeline's text conditioning). One generation
/// runs at a time on the device: the Worker's models share one <see cref="DeviceGate"/>; a pipeline given none has its own.
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
        var request = new Request(parameters.Sampler == Samplers.ModelsOwn ? parameters with { Sampler = model.DefaultSampler } : parameters, initImage, mask);
        using (await (device ?? _ownGate!).EnterAsync(cancellationToken))
            return await Task.Run(() => Generate(request, progress, cancellationToken), cancellationToken);
    }

    public void Dispose() => _ownGate?.Dispose();

    private GenerationResult Generate(Request request, Action<GenerationProgress>? progress, CancellationToken cancellationToken)
    {
        var timings = new GenerationTimings();
        var seed = request.Seed;
        var shape = new LatentShape(request.Count, model.LatentChannels, request.Height / model.VaeScaleFactor, request.Width / model.VaeScaleFactor);
        using var canvas = LoadCanvas(request);
        using var initImage = canvas is null ? LoadInitImage(request) : null;
        var clock = Stopwatch.GetTimestamp();

        var (prompt, negativePrompt) = _prompts.Tokenize(request.Prompt, request.NegativePrompt, Guided(request));
        timings.Tokenize = Lap(ref clock);
        // SDXL encodes with both of its encoders, one 77-token chunk each, as diffusers does.
        using var embeddings = model.Xl is { } xl
            ? xl.Encode(model.Tokenizer, request.Prompt, request.NegativePrompt, request.Count, Guided(request), request.Height, request.Width, model.UNet)
            : _prompts.Encode(prompt, negativePrompt, request.Count);
        timings.TextEncode = Lap(ref clock);

        var schedulers = CreateSchedulers(request);
        var noise = SeedNoise(seed, request.Count);
        var startIndex = (request.Steps - request.DenoisingSteps) * schedulers[0].Order;
        // diffusers' inpaint pipeline starts from pure noise at full strength (is_strength_max), whatever the image.
        var start = canvas is not null
            ? request.InitImage is null || request.Parameters.Strength is null or 1 ? null : canvas.Signed()
            : initImage is null ? null : PixelConversion.ToSignedPlanar(initImage);
        var latents = start is null ? NoiseLatents(shape, schedulers, noise) : EncodedLatents(start, shape, schedulers, noise, startIndex);
        var conditioning = canvas is null ? null : InpaintConditioning.Build(model, canvas, shape.Height, shape.Width);
        timings.PrepareLatents = Lap(ref clock);

        var stepsRun = Denoise(request, embeddings, shape, latents, conditioning, schedulers, noise, startIndex, timings, progress, cancellationToken);
        cancellationToken.ThrowIfCancellationRequested();
        clock = Stopwatch.GetTimestamp();

        var pixels = Decode(latents, shape, request, canvas);
        timings.VaeDecode = Lap(ref clock);
        try
        {
            var flags = CheckSafety(pixels, request);
            timings.SafetyCheck = Lap(ref clock);
            var images = EncodePngs(pixels, flags, request, seed);
            timings.PngEncode = Lap(ref clock);
            return new GenerationResult(images, seed, stepsRun, timings) { DroppedPromptText = prompt.DroppedText };
        }
        finally
        {
            foreach (var p in pixels)
                p.Image.Dispose();
        }
    }

    /// <summary>One scheduler per image: multistep history and ancestral noise stay per image.</summary>
    private IScheduler[] CreateSchedulers(Request request) =>
        Enumerable.Range(0, request.Count).Select(_ => SchedulerFactory.Create(request.Sampler, model.SchedulerConfig, request.Steps)).ToArray();

    private static INoiseSource[] SeedNoise(long seed, int count) =>
        Enumerable.Range(0, count).Select(i => (INoiseSource)new PcgNoiseSource(PcgNoiseSource.SeedFor(seed, i))).ToArray();

    private int Denoise(Request request, TextEmbeddings embeddings, LatentShape shape, float[] latents, float[]? conditioning, IScheduler[] schedulers,
        INoiseSource[] noise, int startIndex, GenerationTimings timings, Action<GenerationProgress>? progress, CancellationToken cancellationToken)
    {
        var guided = Guided(request);
        var batch = guided ? 2 * shape.Count : shape.Count;
        using var unet = model.UNet.Bind(embeddings, batch, shape.Height, shape.Width, request.Guidance);
        if (conditioning is not null)
            unet.SetConditioning(conditioning);
        var preview = () => LatentPreview.RenderPng(latents.AsSpan(0, shape.PerImage), shape.Channels, shape.Height, shape.Width, PreviewUpscale);
        return new DenoisingLoop(unet, schedulers, noise, guided ? request.Guidance : 1, timings).Run(latents, startIndex, progress, preview, cancellationToken);
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
    private List<DecodedImage> Decode(float[] latents, LatentShape shape, Request request, InpaintCanvas? canvas)
    {
        var scaled = new float[shape.PerImage];
        var planes = new float[3 * request.Width * request.Height];
        var images = new List<DecodedImage>(shape.Count);
        for (var i = 0; i < shape.Count; i++)
        {
            TensorPrimitives.Multiply(latents.AsSpan(i * shape.PerImage, shape.PerImage), (float)(1 / model.Folder.ScalingFactor), scaled);
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
        public Request(DreamParameters parameters, byte[]? initImageBytes, byte[]? maskBytes)
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
        }

        public byte[]? Mask { get; }

        public DreamParameters Parameters { get; }
        public byte[]? InitImage { get; }
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

    private readonly record struct LatentShape(int Count, int Channels, int Height, int Width)
    {
        public int PerImage => Channels * Height * Width;
        public int Total => Count * PerImage;
    }
}
