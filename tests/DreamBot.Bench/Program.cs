using DreamBot.Bench;

// dotnet run -c Release --project tests/DreamBot.Bench -- ack [--rate 100] [--seconds 30]
return args.FirstOrDefault() switch
{
    "ack" => await AckBenchmark.RunAsync(BenchArguments.Parse(args.Skip(1))),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: DreamBot.Bench ack [--rate <interactions/s>] [--seconds <duration>] [--warmup <seconds>]");
    return 2;
}
