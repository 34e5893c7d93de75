using DreamBot.Bench;

// dotnet run -c Release --project tests/DreamBot.Bench -- ack [--rate 100] [--seconds 30]
return args.FirstOrDefault() switch
{
    "ack" => await AckBenchmark.RunAsync(BenchArguments.Parse(args.Skip(1))),
    // dotnet run -c Release --project tests/DreamBot.Bench -- intake [--backlogs 0,1000,10000] [--rates 100,500] [--seconds 10]
    "intake" => await IntakeBenchmark.RunAsync(IntakeBenchArguments.Parse(args.Skip(1)),
        "dotnet run -c Release --project tests/DreamBot.Bench -- " + string.Join(' ', args)),
    // dotnet run -c Release --project tests/DreamBot.Bench -- stats [rows] [repeats]
    "stats" => await StatsBenchmark.RunAsync(
        args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 1_000_000,
        args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 7),
    // dotnet run -c Release --project tests/DreamBot.Bench -- queue [--jobs 2000] [--workers 16] [--rate 50]
    "queue" => await QueueBenchmark.RunAsync(QueueBenchArguments.Parse(args.Skip(1))),
    // dotnet run -c Release --project tests/DreamBot.Bench -- worker [--jobs 20] [--size 512] [--steps 20] [--upload-ms 200] [--workers 2]
    "worker" => await WorkerBenchmark.RunAsync(WorkerBenchArguments.Parse(args.Skip(1))),
    // dotnet run -c Release --project tests/DreamBot.Bench -- dataset-export [--rows 100000] [--shard-size 1000]
    "dataset-export" => await DatasetExportBenchmark.RunAsync(
        new BenchOptions(args.Skip(1)).Int("rows", 100_000), new BenchOptions(args.Skip(1)).Int("shard-size", 1000)),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: DreamBot.Bench ack [--rate <interactions/s>] [--seconds <duration>] [--warmup <seconds>]");
    Console.Error.WriteLine("       DreamBot.Bench intake [--backlogs <queued before, comma-separated>] [--rates <interactions/s, comma-separated>] [--seconds <per burst>] [--bot-cpus <taskset list>] [--fill-concurrency <in flight>] [--single-user-rate <one user's /dream per s>] [--warmup <requests>] [--claims <per batch size>]");
    Console.Error.WriteLine("       DreamBot.Bench queue [--jobs <burst size>] [--workers <worker threads>] [--rate <paced enqueues/s>]");
    Console.Error.WriteLine("       DreamBot.Bench worker [--jobs <queued requests>] [--size <side>] [--steps <steps>] [--upload-ms <upload latency>] [--workers <job slots>]");
    Console.Error.WriteLine("       DreamBot.Bench stats [rows] [repeats]");
    Console.Error.WriteLine("       DreamBot.Bench dataset-export [--rows <results with images>] [--shard-size <rows per shard>]");
    return 2;
}
