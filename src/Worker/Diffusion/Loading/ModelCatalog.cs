using DreamBot.Worker.Diffusion.Pipeline;
using DreamBot.Shared.Configuration;
using DreamBot.Worker.Imaging;
using Microsoft.Extensions.Options;

namespace DreamBot.Worker.Diffusion.Loading;

/// <summary>
/// The models this worker serves (<c>Model:Models</c>, or the one <c>Model:Path</c>), each loaded once on first use
/// with its own pipeline, all taking turns on the device, and disposed with the container. The first is the worker's default.
/// </summary>
public sealed class ModelCatalog : IDisposable
{
    private readonly Dictionary<string, Lazy<StableDiffusionPipeline>> _pipelines = new(StringComparer.Ordinal);

    public ModelCatalog(IOptions<ModelOptions> options, DeviceGate device, ILoggerFactory loggers)
    {
        var settings = options.Value;
        Served = settings.Served();
        if (Served.Count == 0)
            throw new ModelFolderException("Model:Path", "not configured (set Model__Path to a diffusers ONNX model folder)");
        var logger = loggers.CreateLogger<StableDiffusionModel>();
        foreach (var served in Served)
        {
            var (path, clipSkip) = (served.Path, served.ClipSkip);
            _pipelines[served.Name] = new Lazy<StableDiffusionPipeline>(
                () => new StableDiffusionPipeline(StableDiffusionModel.Load(path, settings.Device, settings.DeviceId, logger, settings.CudaProviderOptions, clipSkip), ImageLimits.Default, device));
        }
    }

    public IReadOnlyList<ServedModelOptions> Served { get; }

    public ServedModelOptions Default => Served[0];

    /// <summary>The served model a request names; "" means the default.</summary>
    public ServedModelOptions Resolve(string name) =>
        name.Length == 0 ? Default
        : Served.FirstOrDefault(m => m.Name == name) ?? throw new ModelFolderException("Model:Models", $"this worker does not serve the model '{name}'");

    public StableDiffusionPipeline Pipeline(string name) => _pipelines[Resolve(name).Name].Value;

    public void Dispose()
    {
        foreach (var pipeline in _pipelines.Values.Where(p => p.IsValueCreated).Select(p => p.Value))
        {
            pipeline.Dispose();
            pipeline.Model.Dispose();
        }
    }
}
