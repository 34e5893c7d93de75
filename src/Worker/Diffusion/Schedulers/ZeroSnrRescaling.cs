namespace DreamBot.Worker.Diffusion.Schedulers;

/// <summary>How a diffusers scheduler class treats <c>rescale_betas_zero_snr</c>; the classes differ.</summary>
internal enum ZeroSnrRescaling
{
    /// <summary>The class has no such setting (PNDM, LMS): diffusers' from_config drops the key.</summary>
    NotOffered,

    /// <summary>DDIM, DDPM, LCM: the last alphas_cumprod is exactly 0.</summary>
    Exact,

    /// <summary>Euler, Euler ancestral, DPM-Solver: the last alphas_cumprod becomes 2^-24 so the first sigma is finite.</summary>
    FiniteFirstSigma,
}
