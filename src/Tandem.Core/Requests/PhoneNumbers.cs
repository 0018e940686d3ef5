namespace Tandem.Core.Requests;

/// <summary>What passes for a phone number a person types: 6 to 20 digits, with the usual separators.</summary>
public static class PhoneNumbers
{
    public static bool IsValid(string value)
    {
        var digits = value.Count(char.IsDigit);
        return digits is >= 6 and <= 20
            && value.All(c => char.IsDigit(c) || c is ' ' or '.' or '-' or '+' or '(' or ')')
            && value.LastIndexOf('+') <= 0;
    }
}
