namespace DreamBot.Worker.Diffusion.Schedulers;

/// <summary>
/// diffusers' timestep spacings, reproduced with numpy's arithmetic (linspace/arange in float64, round half to even)
/// because an off-by-one timestep is the usual porting bug. Results are in loop order (descending).
/// </summary>
internal static class TimestepSpacing
{
    /// <summary>DDIM and DDPM: integer timesteps.</summary>
    public static int[] Integer(SchedulerConfig config, int steps, string classDefault)
    {
        var t = config.NumTrainTimesteps;
        return (config.TimestepSpacing ?? classDefault) switch
        {
            "leading" => Leading(t, steps, config.StepsOffset),
            "linspace" => Linspace(0, t - 1, steps).Select(v => (int)Math.Round(v)).Reverse().ToArray(),
            _ => Arange(t, 0, -t / (double)steps).Select(v => (int)Math.Round(v) - 1).ToArray(),
        };
    }

    /// <summary>Euler, Euler ancestral and LMS: float32 timesteps that may be fractional.</summary>
    public static float[] Fractional(SchedulerConfig config, int steps)
    {
        var t = config.NumTrainTimesteps;
        return (config.TimestepSpacing ?? "linspace") switch
        {
            "linspace" => Linspace(0, t - 1, steps).Select(v => (float)v).Reverse().ToArray(),
            "leading" => Leading(t, steps, config.StepsOffset).Select(v => (float)v).ToArray(),
            _ => Arange(t, 0, -t / (double)steps).Select(v => (float)Math.Round(v) - 1f).ToArray(),
        };
    }

    /// <summary>DPM-Solver: n + 1 points with the last (0) dropped, so its linspace differs from Euler's.</summary>
    public static int[] DpmSolver(SchedulerConfig config, int steps)
    {
        var t = config.NumTrainTimesteps;
        return (config.TimestepSpacing ?? "linspace") switch
        {
            "linspace" => Linspace(0, t - 1, steps + 1).Select(v => (int)Math.Round(v)).Reverse().Take(steps).ToArray(),
            "leading" => Enumerable.Range(0, steps + 1).Select(i => i * (t / (steps + 1))).Reverse().Take(steps)
                .Select(v => v + config.StepsOffset).ToArray(),
            _ => Arange(t, 0, -t / (double)steps).Select(v => (int)Math.Round(v) - 1).ToArray(),
        };
    }

    /// <summary><c>(arange(n) * (T // n)).round()[::-1] + offset</c>.</summary>
    public static int[] Leading(int trainSteps, int steps, int offset)
    {
        var ratio = trainSteps / steps;
        return Enumerable.Range(0, steps).Select(i => (steps - 1 - i) * ratio + offset).ToArray();
    }

    /// <summary><c>numpy.linspace(start, stop, count)</c> in float64, endpoint included.</summary>
    public static double[] Linspace(double start, double stop, int count)
    {
        if (count == 1)
            return [start];
        var step = (stop - start) / (count - 1);
        var values = new double[count];
        for (var i = 0; i < count; i++)
            values[i] = i * step + start;
        values[^1] = stop;
        return values;
    }

    /// <summary><c>numpy.arange(start, stop, step)</c> in float64.</summary>
    public static double[] Arange(double start, double stop, double step)
    {
        var count = (int)Math.Ceiling((stop - start) / step);
        return Enumerable.Range(0, Math.Max(count, 0)).Select(i => start + i * step).ToArray();
    }
}
