using DreamBot.Worker.Diffusion.Loading;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace DreamBot.Worker.Diffusion.Schedulers;

/// <summary>
/// The parts of a diffusers <c>scheduler/scheduler_config.json</c> the schedulers read. <see cref="TimestepSpacing"/>
/// null means each scheduler class's own default, which is what diffusers does when the key is absent. Which keys a
/// config may hold, and with which values, is <see cref="SchedulerConfigKeys"/>' business.
/// </summary>
public sealed partial record SchedulerConfig(
    int NumTrainTimesteps,
    double BetaStart,
    double BetaEnd,
    string BetaSchedule,
    IReadOnlyList<double>? TrainedBetas,
    int StepsOffset,
    bool SetAlphaToOne,
    bool ClipSample,
    double ClipSampleRange,
    string PredictionType,
    string? TimestepSpacing)
{
    public static SchedulerConfig StableDiffusion1 { get; } = new(
        NumTrainTimesteps: 1000, BetaStart: 0.00085, BetaEnd: 0.012, BetaSchedule: "scaled_linear", TrainedBetas: null,
        StepsOffset: 1, SetAlphaToOne: false, ClipSample: false, ClipSampleRange: 1.0, PredictionType: "epsilon",
        TimestepSpacing: null);

    /// <summary>The diffusers class the model was made with (<c>_class_name</c>); null when the config does not say.</summary>
    public string? ClassName { get; init; }

    /// <summary>Karras sigmas for the schedulers diffusers offers them on (Euler, LMS, DPM-Solver).</summary>
    public bool UseKarrasSigmas { get; init; }

    /// <summary>Zero-terminal-SNR betas for the schedulers diffusers rescales (DDIM, DDPM, Euler, Euler ancestral, DPM-Solver, LCM).</summary>
    public bool RescaleBetasZeroSnr { get; init; }

    public bool IsVPrediction => PredictionType == "v_prediction";

    /// <summary>
    /// Reads a diffusers scheduler config; keys it does not name keep the SD 1.x values. A config DreamBot cannot run as
    /// written is a <see cref="ModelFolderException"/> naming the file and the reason.
    /// </summary>
    public static SchedulerConfig Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
            throw new FileNotFoundException($"Scheduler config not found: {path}", path);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(QuoteNonFiniteNumbers(File.ReadAllText(path)));
        }
        catch (JsonException e)
        {
            throw new ModelFolderException(path, $"not valid JSON ({e.Message})", e);
        }
        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
                throw new ModelFolderException(path, "expected a JSON object");
            try
            {
                SchedulerConfigKeys.Check(document.RootElement);
                return FromJson(document.RootElement).Validated();
            }
            catch (Exception e) when (e is InvalidOperationException or FormatException or ArgumentException)
            {
                throw new ModelFolderException(path, e.Message, e);
            }
        }
    }

    /// <summary>Throws <see cref="ArgumentException"/> for settings the schedulers cannot honour.</summary>
    public SchedulerConfig Validated()
    {
        if (PredictionType is not ("epsilon" or "v_prediction"))
            throw new ArgumentException($"prediction_type '{PredictionType}' is not supported (epsilon, v_prediction).");
        if (BetaSchedule is not ("linear" or "scaled_linear" or "squaredcos_cap_v2") && TrainedBetas is null)
            throw new ArgumentException($"beta_schedule '{BetaSchedule}' is not supported (linear, scaled_linear, squaredcos_cap_v2).");
        if (TrainedBetas is not null && TrainedBetas.Count != NumTrainTimesteps)
            throw new ArgumentException($"trained_betas has {TrainedBetas.Count} values, num_train_timesteps is {NumTrainTimesteps}.");
        if (NumTrainTimesteps < 2)
            throw new ArgumentException($"num_train_timesteps must be at least 2, got {NumTrainTimesteps}.");
        if (TimestepSpacing is not (null or "leading" or "linspace" or "trailing"))
            throw new ArgumentException($"timestep_spacing '{TimestepSpacing}' is not supported (leading, linspace, trailing).");
        return this;
    }

    private static SchedulerConfig FromJson(JsonElement root)
    {
        var d = StableDiffusion1;
        return new SchedulerConfig(
            NumTrainTimesteps: Get(root, "num_train_timesteps", e => e.GetInt32(), d.NumTrainTimesteps),
            BetaStart: Get(root, "beta_start", e => e.GetDouble(), d.BetaStart),
            BetaEnd: Get(root, "beta_end", e => e.GetDouble(), d.BetaEnd),
            BetaSchedule: Get(root, "beta_schedule", e => e.GetString()!, d.BetaSchedule),
            TrainedBetas: Get<IReadOnlyList<double>?>(root, "trained_betas", e => e.EnumerateArray().Select(v => v.GetDouble()).ToArray(), null),
            StepsOffset: Get(root, "steps_offset", e => e.GetInt32(), d.StepsOffset),
            SetAlphaToOne: Get(root, "set_alpha_to_one", e => e.GetBoolean(), d.SetAlphaToOne),
            ClipSample: Get(root, "clip_sample", e => e.GetBoolean(), d.ClipSample),
            ClipSampleRange: Get(root, "clip_sample_range", e => e.GetDouble(), d.ClipSampleRange),
            PredictionType: Get(root, "prediction_type", e => e.GetString()!, d.PredictionType),
            TimestepSpacing: Get<string?>(root, "timestep_spacing", e => e.GetString(), null))
        {
            ClassName = Get<string?>(root, "_class_name", e => e.GetString(), null),
            UseKarrasSigmas = Get(root, "use_karras_sigmas", e => e.GetBoolean(), false),
            RescaleBetasZeroSnr = Get(root, "rescale_betas_zero_snr", e => e.GetBoolean(), false),
        };
    }

    // Python's json writes infinities and NaN as bare words, as in the "lambda_min_clipped": -Infinity that diffusers
    // saves for DPM-Solver; as strings they parse, and SchedulerConfigKeys judges them like any other value.
    private static string QuoteNonFiniteNumbers(string json) => NonFiniteNumber().Replace(json, "\"$1\"");

    [GeneratedRegex(@"(?<=[:\[,]\s*)(-?Infinity|NaN)(?=\s*[,\]}])", RegexOptions.CultureInvariant)]
    private static partial Regex NonFiniteNumber();

    private static T Get<T>(JsonElement root, string name, Func<JsonElement, T> read, T fallback)
    {
        if (!root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
            return fallback;
        try
        {
            return read(value);
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException)
        {
            throw new FormatException(string.Create(CultureInfo.InvariantCulture, $"'{name}' has an unexpected value {value.GetRawText()}."), e);
        }
    }
}
