namespace DreamBot.ModelBuilder;

/// <summary>
/// Which variant of the random-weight model folder to write; <see cref="FullSize"/> gives the real architecture and sizes
/// of Stable Diffusion 1.5 (or SDXL base 1.0) instead of the tiny graphs. <see cref="SchedulerSettings"/> is a JSON object
/// whose keys replace or add to the family's scheduler config (kept as text so options compare by value).
/// </summary>
/// <param name="FloatTimestep">A float (or float16) timestep instead of int64; null: as <paramref name="Layout"/> writes it.</param>
/// <param name="TimestepLength">null: as the layout declares it; 0: a rank-0 scalar; N: a fixed length N (a static-batch export).</param>
/// <param name="Family">Stable Diffusion 1.x (the default), 2.x, LCM, SDXL or SDXL-Turbo: configs, tokenizers and extra inputs.</param>
/// <param name="PadToken">The tokenizer's pad_token in special_tokens_map.json; null: the family's ("!" for Stable Diffusion 2.x, else none written).</param>
/// <param name="Fused">With <paramref name="FullSize"/>: the UNet and VAE as ONNX Runtime's Stable Diffusion optimiser
/// writes them (MultiHeadAttention, GroupNorm channels-last with SiLU, SkipLayerNormalization, BiasSplitGelu, BiasAdd),
/// which run on CUDA only.</param>
/// <param name="HiddenStates">The text encoder also outputs hidden_states.0 to .2 and ends in a final layer norm, as an
/// Optimum export with output_hidden_states does (what CLIP skip needs).</param>
public sealed record TinyModelOptions(
    bool Float16 = false,
    bool? FloatTimestep = null,
    bool SafetyChecker = false,
    bool VaeEncoder = true,
    bool Int64InputIds = false,
    int Seed = 1,
    bool FullSize = false,
    ExportLayout Layout = ExportLayout.DreamBot,
    int? TimestepLength = null,
    string? PadToken = null,
    string? SchedulerSettings = null,
    ModelFamily Family = ModelFamily.Sd,
    bool HiddenStates = false,
    bool Fused = false);
