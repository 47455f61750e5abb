resource "aws_s3_bucket" "phi" {
  bucket = "phi-bucket"
}

resource "aws_sqs_queue" "intake" {
  name = "intake"
  kms_master_key_id = = "alias/phi"
}
