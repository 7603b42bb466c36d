mod slogans;
