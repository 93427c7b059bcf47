"""HTTP plumbing shared by every blueprint: the operation decorator and the OpenAPI document."""
