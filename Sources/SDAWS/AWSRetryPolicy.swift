import SDHTTP

/// The AWS layer's name for the shared backoff policy; its defaults are the AWS SDKs' standard mode.
public typealias AWSRetryPolicy = HTTPRetryPolicy
