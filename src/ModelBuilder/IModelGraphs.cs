namespace DreamBot.ModelBuilder;

/// <summary>The graphs of one random-weight model folder and the facts its configs must state about them.</summary>
internal interface IModelGraphs
{
    /// <summary>The VAE config's block_out_channels.</summary>
    int[] VaeBlockChannels { get; }

    /// <summary>Whether the folder part's initializers go to a model.onnx_data file beside its model.onnx.</summary>
    bool ExternalData(string part);

    OnnxGraph TextEncoder();

    /// <summary>SDXL's second text encoder.</summary>
    OnnxGraph TextEncoder2();

    OnnxGraph UNet();

    OnnxGraph VaeDecoder();

    OnnxGraph VaeEncoder();

    OnnxGraph SafetyChecker();
}
