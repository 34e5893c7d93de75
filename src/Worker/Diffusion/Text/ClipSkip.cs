using DreamBot.Worker.Diffusion.Loading;
using System.Globalization;
using System.Text.Json;

namespace DreamBot.Worker.Diffusion.Text;

/// <summary>
/// CLIP skip in the webui's numbering (<c>Model:Models:N:ClipSkip</c>): 1 is the last layer (no skip), 2 the
/// penultimate, and so on; diffusers' <c>clip_skip</c> is this minus one. Layer k from the end is the export's
/// <c>hidden_states.(count - k)</c> output, put through the encoder's final layer norm as diffusers' encode_prompt and
/// the webui do. Only exports that keep each layer's output (Optimum with output_hidden_states) can skip layers.
/// </summary>
public sealed class ClipSkip
{
    private const string HiddenStatesPrefix = "hidden_states.";
    private const double ClipLayerNormEpsilon = 1e-5;

    private readonly FinalLayerNorm _norm;

    private ClipSkip(int layers, string outputName, FinalLayerNorm norm)
    {
        Layers = layers;
        OutputName = outputName;
        _norm = norm;
    }

    public int Layers { get; }

    public string OutputName { get; }

    /// <summary>Null for 1 (the last layer, what the encoder's own output is); throws when the encoder cannot skip.</summary>
    public static ClipSkip? For(ModelFolder folder, TextEncoder encoder, int layers)
    {
        ArgumentNullException.ThrowIfNull(folder);
        ArgumentNullException.ThrowIfNull(encoder);
        if (layers < 1)
            throw new ModelFolderException(folder.TextEncoder, $"ClipSkip must be 1 (the last layer) or more, not {layers}");
        if (layers == 1)
            return null;
        var count = encoder.OutputNames.Count(n => n.StartsWith(HiddenStatesPrefix, StringComparison.Ordinal));
        if (count == 0)
            throw new ModelFolderException(folder.TextEncoder, $"ClipSkip {layers} needs the text encoder's hidden_states.N outputs, which this export lacks (export it with output_hidden_states, or set ClipSkip to 1)");
        // hidden_states.0 is the token embeddings, not a layer's output.
        if (layers >= count)
            throw new ModelFolderException(folder.TextEncoder, $"ClipSkip {layers} is beyond the text encoder's {count - 1} layers");
        var outputName = HiddenStatesPrefix + (count - layers).ToString(CultureInfo.InvariantCulture);
        if (!encoder.OutputNames.Contains(outputName))
            throw new ModelFolderException(folder.TextEncoder, $"ClipSkip {layers} needs the output '{outputName}', which is missing");
        var norm = FinalLayerNorm.Read(folder.TextEncoder, encoder.OutputName, encoder.HiddenSize, Epsilon(folder));
        return new ClipSkip(layers, outputName, norm);
    }

    /// <summary>The skipped-to layer's hidden states for <paramref name="rows"/>, normalised, on the host.</summary>
    public float[] Encode(TextEncoder encoder, IReadOnlyList<int[]> rows)
    {
        ArgumentNullException.ThrowIfNull(encoder);
        var hidden = encoder.EncodeOnHost(rows, OutputName);
        _norm.Apply(hidden);
        return hidden;
    }

    private static double Epsilon(ModelFolder folder)
    {
        if (!File.Exists(folder.TextEncoderConfig))
            return ClipLayerNormEpsilon;
        using var config = ModelFolder.ParseObject(folder.TextEncoderConfig);
        return config.RootElement.TryGetProperty("layer_norm_eps", out var eps) && eps.ValueKind == JsonValueKind.Number
            ? eps.GetDouble()
            : ClipLayerNormEpsilon;
    }
}
