namespace DreamBot.Worker.Diffusion.Schedulers;

/// <summary>The k-diffusion schedulers (Euler, Euler ancestral, LMS, DPM-Solver) also expose their sigma table.</summary>
public interface ISigmaScheduler : IScheduler
{
    /// <summary>diffusers' <c>scheduler.sigmas</c>: float32 values, one per timestep plus a final 0.</summary>
    IReadOnlyList<double> Sigmas { get; }
}
