# Patient intake module (PHI). Deliberate misconfigurations are marked "FINDING" for tests/test_review.py.

variable "env" {
  type    = string
  default = "dev"
}

variable "db_engine" {
  type    = string
  default = "postgres"
}

variable "redis_auth_token" {
  type      = string
  sensitive = true
}

variable "vpc_id" {
  type = string
}

variable "subnet_ids" {
  type = list(string)
}

variable "certificate_arn" {
  type = string
}

locals {
  name = "intake-${var.env}"
  tags = {
    DataClassification = "PHI"
  }
}
