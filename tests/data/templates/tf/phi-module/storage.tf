resource "aws_kms_key" "phi" {
  description         = "PHI key for ${local.name}"
  enable_key_rotation = true
  tags                = local.tags
}

resource "aws_s3_bucket" "phi" {
  bucket = "${local.name}-phi"
  tags   = local.tags
}

resource "aws_s3_bucket_server_side_encryption_configuration" "phi" {
  bucket = aws_s3_bucket.phi.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = aws_kms_key.phi.arn
    }
  }
}

data "aws_iam_policy_document" "phi_tls_only" {
  statement {
    sid     = "DenyInsecureTransport"
    effect  = "Deny"
    actions = ["s3:*"]
    resources = [
      aws_s3_bucket.phi.arn,
      "${aws_s3_bucket.phi.arn}/*",
    ]
    principals {
      type        = "*"
      identifiers = ["*"]
    }
    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = ["false"]
    }
  }
}

resource "aws_s3_bucket_policy" "phi" {
  bucket = aws_s3_bucket.phi.id
  policy = data.aws_iam_policy_document.phi_tls_only.json
}

# FINDING s3-default-encryption, s3-https-only: no encryption configuration and no TLS-only policy.
resource "aws_s3_bucket" "exports" {
  bucket = "${local.name}-exports"
  tags   = local.tags
}

resource "aws_s3_bucket_versioning" "exports" {
  bucket = aws_s3_bucket.exports.id
  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_dynamodb_table" "patients" {
  name         = "${local.name}-patients"
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "patientId"

  attribute {
    name = "patientId"
    type = "S"
  }

  server_side_encryption {
    enabled     = true
    kms_key_arn = aws_kms_key.phi.arn
  }

  point_in_time_recovery {
    enabled = true
  }
}

resource "aws_cloudtrail" "audit" {
  name                       = "${local.name}-audit"
  s3_bucket_name             = aws_s3_bucket.phi.id
  enable_log_file_validation = true
  kms_key_id                 = aws_kms_key.phi.arn
  is_multi_region_trail      = true
}
