using DreamBot.Worker.Diffusion.Loading;
using DreamBot.Shared.Configuration;
using DreamBot.Shared.Domain;
using DreamBot.Worker.Diffusion.Onnx;
using Microsoft.Extensions.Options;

namespace DreamBot.Worker.Upscaling;

/// <summary>
/// The worker's upscalers (<c>Upscalers:N:Name|Path</c>), each loaded once on the worker's execution device when the
/// catalog is first resolved, which the start-up warm-up does.
/// </summary>
public sealed class UpscalerCatalog : IDisposable
{
    private readonly Dictionary<string, Upscaler> _upscalers = new(StringComparer.Ordinal);

    public UpscalerCatalog(IOptions<List<UpscalerOptions>> upscalers, IOptions<ModelOptions> models, ILoggerFactory loggers)
    {
        var device = models.Value;
        var factory = new OnnxSessionFactory(device.Device, device.DeviceId, loggers.CreateLogger<Upscaler>(), device.CudaProviderOptions);
        try
        {
            foreach (var served in upscalers.Value)
            {
                var upscaler = _upscalers[served.Name] = Upscaler.Load(served.Path, factory);
                if (!DreamLimits.UpscaleScales.Contains(upscaler.Scale))
                    throw new ModelFolderException(served.Path, $"the upscaler is ×{upscaler.Scale}; DreamBot offers ×{string.Join(" and ×", DreamLimits.UpscaleScales)}");
            }
        }
        catch
        {
            Dispose();
            throw;
        }
        Served = [.. upscalers.Value.Select(u => new ServedUpscaler(u.Name, _upscalers[u.Name].Scale))];
    }

    /// <summary>In configuration order.</summary>
    public IReadOnlyList<ServedUpscaler> Served { get; }

    public Upscaler Get(string name) =>
        _upscalers.GetValueOrDefault(name) ?? throw new ArgumentException($"this worker does not serve the upscaler '{name}'.");

    public void Dispose()
    {
        foreach (var upscaler in _upscalers.Values)
            upscaler.Dispose();
        _upscalers.Clear();
    }
}

/// <summary>An upscaler a worker serves, and its scale.</summary>
public sealed record ServedUpscaler(string Name, int Scale)
{
    /// <summary>How served_models lists it: "name:scale".</summary>
    public override string ToString() => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{Name}:{Scale}");
}
