namespace DreamBot.ModelBuilder;

/// <summary>Which exporter's folder a random-weight model imitates: input names, dtypes, symbolic axes and configs.</summary>
public enum ExportLayout
{
    /// <summary>DreamBot's own: Optimum's names with every count fixed in the graphs, VAE configs only.</summary>
    DreamBot,

    /// <summary>diffusers' convert_stable_diffusion_checkpoint_to_onnx.py before float timesteps: int64 timestep.</summary>
    DiffusersScriptOld,

    /// <summary>diffusers' conversion script since: float timestep; symbolic channel axes, no component configs.</summary>
    DiffusersScript,

    /// <summary>Optimum 1.x before latent_parameters: symbolic channels and feature axes, int64 timestep, configs.</summary>
    OptimumOld,

    /// <summary>Optimum today: fixed channels, scalar float timestep, int64 ids, the VAE encoder's latent_parameters.</summary>
    Optimum,
}
