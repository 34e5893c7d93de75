using DreamBot.Worker.Diffusion.Text;
using DreamBot.Worker.Diffusion.Components;
using DreamBot.Shared.Configuration;
using DreamBot.Worker.Diffusion.Onnx;
using DreamBot.Worker.Diffusion.Schedulers;
using DreamBot.Worker.Diffusion.Tokenization;
using DreamBot.Worker.Diffusion.Xl;

namespace DreamBot.Worker.Diffusion.Loading;

/// <summary>
/// A loaded Stable Diffusion model: tokenizer, scheduler config and one ONNX Runtime session per graph. Created once per
/// process (sessions are expensive) and shared by every job; the host disposes it.
/// </summary>
public sealed class StableDiffusionModel : IDisposable
{
    private const int DefaultVaeScaleFactor = 8;

    private readonly List<IDisposable> _owned = [];

    private StableDiffusionModel(ModelFolder folder, OnnxSessionFactory factory, ILogger logger, int clipSkip)
    {
        Folder = folder;
        Device = factory.Device;
        var specialTokens = ClipSpecialTokens.Read(folder.TokenizerConfig, folder.SpecialTokensMap);
        Tokenizer = Read(folder.Vocab, () => ClipTokenizer.Load(folder.Vocab, folder.Merges, specialTokens));
        SchedulerConfig = Read(folder.SchedulerConfig, () => Schedulers.SchedulerConfig.Load(folder.SchedulerConfig));
        DefaultSampler = SchedulerFactory.DefaultSampler(SchedulerConfig, logger);
        try
        {
            TextEncoder = Own(TextEncoder.Load(folder, factory));
            ClipSkip = ClipSkip.For(folder, TextEncoder, clipSkip);
            if (folder.IsXl)
                Xl = Own(LoadXl(folder, factory, TextEncoder));
            UNet = Own(UNet.Load(folder, factory));
            VaeDecoder = Own(VaeDecoder.Load(folder, factory));
            VaeUpcastCheck.Warn(folder, VaeDecoder, logger);
            if (File.Exists(folder.VaeEncoder))
                VaeEncoder = Own(VaeEncoder.Load(folder.VaeEncoder, factory));
            if (File.Exists(folder.SafetyChecker))
                SafetyChecker = Own(SafetyChecker.Load(folder.SafetyChecker, factory));
            VaeScaleFactor = folder.VaeScaleFactor ?? VaeDecoder.ScaleFactor ?? DefaultVaeScaleFactor;
            CheckGraphsAgree();
        }
        catch
        {
            // A half-loaded model must not leak the sessions it already created.
            Dispose();
            throw;
        }
    }

    public ModelFolder Folder { get; }

    public string Name => Folder.Name;

    /// <summary>The execution provider in use after any fallback.</summary>
    public ExecutionDevice Device { get; }

    public ClipTokenizer Tokenizer { get; }

    public SchedulerConfig SchedulerConfig { get; }

    /// <summary>The sampler that runs the scheduler the model's config names: what to use when the user names none.</summary>
    public string DefaultSampler { get; }

    public TextEncoder TextEncoder { get; }

    /// <summary>The text encoder layer to read when the model's settings skip CLIP layers; null for the last layer.</summary>
    public ClipSkip? ClipSkip { get; }

    /// <summary>SDXL's second tokenizer and text encoder; null for Stable Diffusion 1.x/2.x.</summary>
    public XlTextConditioning? Xl { get; }

    public UNet UNet { get; }

    public VaeDecoder VaeDecoder { get; }

    public VaeEncoder? VaeEncoder { get; }

    public SafetyChecker? SafetyChecker { get; }

    public int VaeScaleFactor { get; }

    public int LatentChannels => UNet.LatentChannels;

    /// <summary>
    /// The image side the UNet was trained at, unet/config.json's sample_size times the VAE factor: 512 for SD 1.x,
    /// 768 for SD 2.x-v, 1024 for SDXL; null where the export wrote no UNet config.
    /// </summary>
    public int? DefaultSide => Folder.UNetSampleSize * VaeScaleFactor;

    /// <summary>Loads every part of <paramref name="directory"/>; any problem is one <see cref="ModelFolderException"/>.</summary>
    /// <param name="cudaOptions">ONNX Runtime CUDA provider options, used when the model runs on CUDA.</param>
    /// <param name="clipSkip">The model's <c>ClipSkip</c> setting: 1 reads the text encoder's last layer.</param>
    public static StableDiffusionModel Load(
        string directory, ExecutionDevice device, int deviceId, ILogger logger, IReadOnlyDictionary<string, string>? cudaOptions = null, int clipSkip = 1)
    {
        var folder = ModelFolder.Open(directory);
        var factory = new OnnxSessionFactory(device, deviceId, logger, cudaOptions);
        return new StableDiffusionModel(folder, factory, logger, clipSkip);
    }

    public void Dispose()
    {
        foreach (var part in _owned)
            part.Dispose();
        _owned.Clear();
    }

    private T Own<T>(T part)
        where T : IDisposable
    {
        _owned.Add(part);
        return part;
    }

    private static T Read<T>(string path, Func<T> read)
    {
        try
        {
            return read();
        }
        catch (Exception e) when (e is IOException or InvalidDataException or System.Text.Json.JsonException or FormatException or ArgumentException)
        {
            throw new ModelFolderException(path, e.Message, e);
        }
    }

    private static XlTextConditioning LoadXl(ModelFolder folder, OnnxSessionFactory factory, TextEncoder textEncoder)
    {
        var specialTokens = ClipSpecialTokens.Read(folder.TokenizerConfig2, folder.SpecialTokensMap2);
        var tokenizer2 = Read(folder.Vocab2, () => ClipTokenizer.Load(folder.Vocab2, folder.Merges2, specialTokens));
        return XlTextConditioning.Load(folder, factory, textEncoder, tokenizer2);
    }

    private void CheckGraphsAgree()
    {
        if ((UNet.Xl is null) != (Xl is null))
            throw new ModelFolderException(Folder.UNet, Xl is null
                ? "takes SDXL's text_embeds and time_ids, but model_index.json names no SDXL pipeline"
                : "has no text_embeds input, but model_index.json names an SDXL pipeline, whose UNet takes text_embeds and time_ids");
        var (textWidth, encoders) = Xl is null ? (TextEncoder.HiddenSize, "the text encoder produces") : (Xl.HiddenSize, "the two text encoders together produce");
        if (UNet.HiddenSize is { } hidden && textWidth is { } width && hidden != width)
            throw new ModelFolderException(Folder.UNet, $"encoder_hidden_states has size {hidden} but {encoders} {width}");
        if (UNet.Xl?.PooledWidth is { } pooled && Xl?.PooledSize is { } projected && pooled != projected)
            throw new ModelFolderException(Folder.UNet, $"text_embeds has size {pooled} but text_encoder_2 produces {projected}");
        // SDXL's embeddings are assembled on the host in the UNet's precision, so its encoders may differ from it.
        if (Xl is null && UNet.ElementType != TextEncoder.ElementType)
            throw new ModelFolderException(Folder.UNet, $"takes {UNet.ElementType} hidden states but the text encoder produces {TextEncoder.ElementType}");
        if (TextEncoder.SequenceLength is { } length && length != ClipTokenizer.MaxLength)
            throw new ModelFolderException(Folder.TextEncoder, $"takes {length} tokens, expected {ClipTokenizer.MaxLength}");
        if (UNet.IsInpainting && VaeEncoder is null)
            throw new ModelFolderException(Folder.VaeEncoder, "missing: an inpainting UNet takes the masked image's latents, which the VAE encoder makes");
        if (Folder.IsInpaintPipeline && !UNet.IsInpainting)
            throw new ModelFolderException(Folder.UNet, $"model_index.json names an inpainting pipeline, but the UNet's sample has {UNet.InputChannels} channels, not 2 × {UNet.LatentChannels} + 1");
        if (VaeDecoder.LatentChannels is { } channels && channels != UNet.LatentChannels)
            throw new ModelFolderException(Folder.VaeDecoder, $"takes {channels} latent channels but the UNet produces {UNet.LatentChannels}");
    }
}
