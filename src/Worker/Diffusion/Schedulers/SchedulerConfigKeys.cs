using System.Collections.Frozen;
using System.Text.Json;

namespace DreamBot.Worker.Diffusion.Schedulers;

/// <summary>
/// Every <c>scheduler_config.json</c> key DreamBot understands, in one place: the keys <see cref="SchedulerConfig"/>
/// reads, the keys that cannot change a schedule DreamBot runs, and the keys accepted only with the one value whose
/// behaviour is implemented. Any other key or value refuses the model: running a schedule other than the one the
/// config describes would give a different image with no sign of why.
/// </summary>
internal static class SchedulerConfigKeys
{
    private sealed record Rule(Func<JsonElement, bool> Accepts, string Implemented);

    private static readonly Rule AnyValue = new(_ => true, "any");

    private static readonly FrozenDictionary<string, Rule> Rules = new Dictionary<string, Rule>(StringComparer.Ordinal)
    {
        // Read into SchedulerConfig (value checks there).
        ["_class_name"] = AnyValue,
        ["num_train_timesteps"] = AnyValue,
        ["beta_start"] = AnyValue,
        ["beta_end"] = AnyValue,
        ["beta_schedule"] = AnyValue,
        ["trained_betas"] = AnyValue,
        ["steps_offset"] = AnyValue,
        ["set_alpha_to_one"] = AnyValue,
        ["clip_sample"] = AnyValue,
        ["clip_sample_range"] = AnyValue,
        ["prediction_type"] = AnyValue,
        ["timestep_spacing"] = AnyValue,
        ["use_karras_sigmas"] = AnyValue,
        ["rescale_betas_zero_snr"] = AnyValue,

        // No effect on the schedules DreamBot runs: metadata, or settings read only by a feature refused below
        // (thresholding, flow sigmas, dynamic shifting) or made moot by final_sigmas_type "zero" (lower_order_final).
        ["_diffusers_version"] = AnyValue,
        ["tensor_format"] = AnyValue,
        ["lower_order_final"] = AnyValue,
        ["dynamic_thresholding_ratio"] = AnyValue,
        ["sample_max_value"] = AnyValue,
        ["flow_shift"] = AnyValue,
        ["time_shift_type"] = AnyValue,

        // Accepted only with the behaviour DreamBot implements.
        ["skip_prk_steps"] = Only(true),
        ["thresholding"] = Only(false),
        ["use_exponential_sigmas"] = Only(false),
        ["use_beta_sigmas"] = Only(false),
        ["use_lu_lambdas"] = Only(false),
        ["use_flow_sigmas"] = Only(false),
        ["use_dynamic_shifting"] = Only(false),
        ["euler_at_final"] = Only(false),
        ["timestep_type"] = Only("discrete"),
        ["interpolation_type"] = Only("linear"),
        ["final_sigmas_type"] = Only("zero"),
        ["algorithm_type"] = Only("dpmsolver++"),
        ["solver_type"] = Only("midpoint"),
        ["variance_type"] = Only("fixed_small"),
        ["solver_order"] = Only(2),
        ["original_inference_steps"] = Only(LcmScheduler.OriginalInferenceSteps),
        ["timestep_scaling"] = Only(LcmScheduler.TimestepScaling),
        ["sigma_min"] = new(_ => false, "null"),
        ["sigma_max"] = new(_ => false, "null"),
        ["lambda_min_clipped"] = Only("-Infinity"),
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>Throws <see cref="ArgumentException"/> naming the first key that is unknown or has a value not implemented.</summary>
    public static void Check(JsonElement root)
    {
        foreach (var property in root.EnumerateObject())
        {
            if (!Rules.TryGetValue(property.Name, out var rule))
                throw new ArgumentException($"'{property.Name}' is not a scheduler setting DreamBot knows, so it cannot tell whether it would run the schedule the model expects.");
            // diffusers treats null as "the class default", which is what DreamBot implements.
            if (property.Value.ValueKind != JsonValueKind.Null && !rule.Accepts(property.Value))
                throw new ArgumentException($"'{property.Name}': {property.Value.GetRawText()} changes the schedule and is not implemented (DreamBot runs {rule.Implemented}).");
        }
    }

    private static Rule Only(bool value) =>
        new(e => e.ValueKind == (value ? JsonValueKind.True : JsonValueKind.False), value ? "true" : "false");

    private static Rule Only(string value) =>
        new(e => e.ValueKind == JsonValueKind.String && e.GetString() == value, $"\"{value}\"");

    private static Rule Only(double value) =>
        new(e => e.ValueKind == JsonValueKind.Number && e.GetDouble() == value, value.ToString(System.Globalization.CultureInfo.InvariantCulture));
}
