namespace Tandem.Web.Hosting;

/// <summary>Start-up stops on purpose (say, --seed-demo on a database that is not empty): a message, no stack trace.</summary>
public sealed class StartupRefusedException(string message) : Exception(message);
