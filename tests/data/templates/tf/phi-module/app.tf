resource "aws_sqs_queue" "intake" {
  name                       = "${local.name}-intake"
  kms_master_key_id          = aws_kms_key.phi.arn
  visibility_timeout_seconds = 120
  redrive_policy = jsonencode({
    deadLetterTargetArn = aws_sqs_queue.dlq.arn
    maxReceiveCount     = 5
  })
}

# FINDING sqs-encryption-off.
resource "aws_sqs_queue" "dlq" {
  name                    = "${local.name}-dlq"
  sqs_managed_sse_enabled = false
}

resource "aws_iam_role" "lambda" {
  name = "${local.name}-lambda"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "lambda.amazonaws.com" }
      Action    = "sts:AssumeRole"
    }]
  })
}

resource "aws_lambda_function" "ingest" {
  function_name = "${local.name}-ingest"
  role          = aws_iam_role.lambda.arn
  runtime       = "python3.12"
  handler       = "app.handler"
  filename      = "build/ingest.zip"
  kms_key_arn   = aws_kms_key.phi.arn

  environment {
    variables = {
      TABLE        = aws_dynamodb_table.patients.name
      QUEUE_URL    = aws_sqs_queue.intake.url
      EHR_ENDPOINT = "https://ehr.example.org/fhir"
    }
  }
}

resource "aws_lb" "portal" {
  name               = "${local.name}-portal"
  load_balancer_type = "application"
  subnets            = var.subnet_ids

  access_logs {
    bucket  = aws_s3_bucket.phi.id
    enabled = true
  }
}

resource "aws_lb_target_group" "portal" {
  name        = "${local.name}-portal"
  port        = 443
  protocol    = "HTTPS"
  vpc_id      = var.vpc_id
  target_type = "ip"
}

resource "aws_lb_listener" "https" {
  load_balancer_arn = aws_lb.portal.arn
  port              = 443
  protocol          = "HTTPS"
  ssl_policy        = "ELBSecurityPolicy-TLS13-1-2-2021-06"
  certificate_arn   = var.certificate_arn

  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.portal.arn
  }
}

resource "aws_lb_listener" "http_redirect" {
  load_balancer_arn = aws_lb.portal.arn
  port              = 80
  protocol          = "HTTP"

  default_action {
    type = "redirect"
    redirect {
      port        = "443"
      protocol    = "HTTPS"
      status_code = "HTTP_301"
    }
  }
}

# FINDING elb-plain-http-listener: an internal port serving PHI over plain HTTP.
resource "aws_lb_listener" "internal_api" {
  load_balancer_arn = aws_lb.portal.arn
  port              = 8080
  protocol          = "HTTP"

  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.portal.arn
  }
}
